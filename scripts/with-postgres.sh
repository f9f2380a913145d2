#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL server, for the receiver's PostgreSQL store:
#   bash scripts/with-postgres.sh <command> [args...]
# Starts a fresh cluster in a temporary folder, listening on 127.0.0.1 only, on a free port,
# exports its URL as FINGERPRINT_SEGMENT_TEST_POSTGRES_URL for the command, and stops and deletes
# it when the command ends (whatever its outcome). Installs Debian's `postgresql` package where no
# server binaries are found (as scripts/ensure-chromium.sh does for Chromium). PostgreSQL refuses
# to run as root: as root, the server runs as the `postgres` user (runuser).
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: bash scripts/with-postgres.sh <command> [args...]" >&2
  exit 2
fi

# A server is given already (a developer's, or an outer run of this script): use it.
if [ -n "${FINGERPRINT_SEGMENT_TEST_POSTGRES_URL:-}" ]; then
  exec "$@"
fi

SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi

find_bin_dir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

if ! bin_dir="$(find_bin_dir)"; then
  echo "Installing Debian's postgresql (server binaries for the PostgreSQL store's tests) ..."
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
  bin_dir="$(find_bin_dir)"
fi

# As root the server runs as `postgres` (created by Debian's package); otherwise as the caller.
as_server_user() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cluster_dir="$(mktemp -d -t fingerprint-segment-pg.XXXXXX)"
chmod 755 "$cluster_dir"
if [ "$(id -u)" = "0" ]; then chown postgres: "$cluster_dir"; fi

stop_cluster() {
  as_server_user "$bin_dir/pg_ctl" -D "$cluster_dir/data" -m immediate -w -t 20 stop >/dev/null 2>&1 || true
  rm -rf "$cluster_dir"
}
trap stop_cluster EXIT

as_server_user "$bin_dir/initdb" -D "$cluster_dir/data" -U postgres -A trust -E UTF8 --no-sync --no-instructions >"$cluster_dir/initdb.log" 2>&1 || {
  cat "$cluster_dir/initdb.log" >&2
  exit 1
}

free_port() {
  node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close() })"
}

# A free port can be taken between the look-up and the start: try a few.
started=""
for attempt in 1 2 3; do
  port="$(free_port)"
  if as_server_user "$bin_dir/pg_ctl" -D "$cluster_dir/data" -l "$cluster_dir/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $cluster_dir -c max_connections=200" start >/dev/null; then
    started="yes"
    break
  fi
  echo "PostgreSQL did not start on port $port (attempt $attempt)" >&2
done
if [ -z "$started" ]; then
  cat "$cluster_dir/server.log" >&2 || true
  exit 1
fi

export FINGERPRINT_SEGMENT_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$port/postgres"
echo "PostgreSQL $("$bin_dir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (throwaway cluster in $cluster_dir)"
set +e
"$@"
status=$?
set -e
exit "$status"
