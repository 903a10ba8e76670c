#!/bin/sh
# Container entrypoint: `staktrakr daemon` as an unprivileged user (RUN_AS_USER, default `node`).
# Started as root, it first gives the data directory to that user (Fly and Docker mount new volumes
# root-owned), then re-executes itself as the user; `exec` keeps the daemon as the process that
# receives SIGTERM.
set -eu
user="${RUN_AS_USER:-node}"
app="$(cd "$(dirname "$0")/.." && pwd)"

if [ "$(id -u)" = 0 ] && [ "$user" != root ]; then
  data="$(dirname "${API_EXPORT_DIR:-/data/staktrakr-api-export}")"
  mkdir -p "$data"
  # Only what is not the user's yet: a clone of thousands of files is not walked on every start.
  find "$data" ! -user "$user" -exec chown "$user:" {} +
  HOME="$(getent passwd "$user" | cut -d: -f6)"
  export HOME
  exec setpriv --reuid="$(id -u "$user")" --regid="$(id -g "$user")" --init-groups -- "$0" "$@"
fi
exec node "$app/dist/cli/index.js" daemon "$@"
