#!/usr/bin/env bash
# "Start a Run and wait for it to finish" (seed/runs-cli-docs.md), without jq: duvo's
# built-in --jq does the filtering. Needs AGENT_ID (an agent's id or name).
RUN_ID=$(duvo runs start --agent "$AGENT_ID" --jq '.run.id')

while true; do
  STATUS=$(duvo runs get "$RUN_ID" --jq '.run.status')
  case "$STATUS" in
    completed|failed|stopped) break ;;
  esac
  sleep 5
done

echo "Run $RUN_ID finished with status: $STATUS"
