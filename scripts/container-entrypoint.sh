#!/bin/sh
# Container entrypoint: `staktrakr daemon` as the unprivileged user. Started as root, it first gives
# the data directory to that user (Fly and Docker mount new volumes root-owned), then re-executes
# itself as the user; `exec` keeps the daemon as PID 1 so it receives SIGTERM itself.
set -eu
user="${RUN_AS_USER:-node}"
app="$(cd "$(dirname "$0")/.." && pwd)"

if [ "$(id -u)" = 0 ] && [ "$user" != root ]; then
  data="$(dirname "${API_EXPORT_DIR:-/data/staktrakr-api-export}")"
  mkdir -p "$data"
  # Only what is not the user's yet: a clone of thousands of files is not walked on every start.
  find "$data" ! -user "$user" -exec chown "$user:$user" {} +
  exec setpriv --reuid="$user" --regid="$user" --init-groups -- "$0" "$@"
fi
exec node "$app/dist/cli/index.js" daemon "$@"
