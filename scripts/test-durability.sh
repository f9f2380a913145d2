#!/usr/bin/env bash
# `npm run test:durability`: the receiver's durability project (outages, full disks, clock jumps,
# damaged stores, descriptor floods, signals; the BUILT command in child processes), on SQLite and
# on a throwaway PostgreSQL server. Builds what is out of date first. Extra arguments go to vitest.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/ensure-pnpm.sh
. scripts/ensure-installed.sh
packages_to_build="packages/source-function packages/receiver"
. scripts/ensure-built.sh
export PATH="$PWD/node_modules/.bin:$PATH"
FINGERPRINT_SEGMENT_REQUIRE_POSTGRES=1 exec bash scripts/with-postgres.sh vitest run --project receiver-durability "$@"
