#!/usr/bin/env bash
# A terminal conversation: the action server in the background, `rasa shell` in front.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/actions/bin/python -m actions --port 5055 >var/actions.log 2>&1 &
actions=$!
trap 'kill $actions 2>/dev/null; wait $actions 2>/dev/null' EXIT
echo "chat: starting the action server (log in var/actions.log)..."
until curl -sf http://127.0.0.1:5055/health >/dev/null; do
  kill -0 $actions 2>/dev/null || { echo "chat: the action server stopped; see var/actions.log" >&2; exit 1; }
  sleep 1
done
.venv/rasa/bin/rasa shell --model models --endpoints endpoints.yml
