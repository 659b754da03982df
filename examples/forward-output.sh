#!/usr/bin/env bash
# "Forward Run output to a script" (seed/runs-cli-docs.md), without jq. Needs RUN_ID.
duvo runs messages "$RUN_ID" --jq '.messages[] | select(.role=="assistant") | .content' \
  > run-output.log
