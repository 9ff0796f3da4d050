#!/bin/sh
# Runs one service of the image: the first argument, else the SERVICE it was built with. `exec`
# makes node PID 1, so SIGTERM from `docker stop` or the kubelet reaches the service's own
# graceful shutdown (in-flight requests finish, subscriptions complete) instead of a shell.
set -eu
service="${1:-$UKP_SERVICE}"
[ "$#" -gt 0 ] && shift
case "$service" in
  # A 64 MB young generation (V8's default: 16): a gateway request's objects live until its
  # answer is written, and with a small one they are copied and promoted on the way (gateway
  # CPU per request ~0.9x; gateway/src/execution/README.md, "Speed"). Put first so an
  # operator's own NODE_OPTIONS, read after it, wins.
  gateway)
    NODE_OPTIONS="--max-semi-space-size=64 ${NODE_OPTIONS:-}" exec node gateway/dist/main.js "$@"
    ;;
  users | knowledge | analytics | ml) exec node "subgraphs/$service/dist/main.js" "$@" ;;
  migrate) exec node platform/dist/migrate.js "$@" ;;
  *)
    echo "unknown service '$service': gateway, users, knowledge, analytics, ml or migrate" >&2
    exit 64
    ;;
esac
