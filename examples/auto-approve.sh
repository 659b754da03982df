#!/usr/bin/env bash
# "Auto-approve any pending human requests on a Run" (seed/runs-cli-docs.md), without jq.
# Needs RUN_ID.
duvo runs messages "$RUN_ID" --jq '.messages[] | select(.type=="human_request" and .status=="pending") | .id' \
  | xargs -I {} duvo runs respond "$RUN_ID" --approve
