#!/usr/bin/env bash
# Runs one command of the root package.json with pnpm on PATH and the dependencies installed (only
# when they are not already), so every `npm run <script>` works on a machine with only Node and npm.
#   bash scripts/with-dependencies.sh <command> [args...]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/ensure-pnpm.sh
. scripts/ensure-installed.sh
export PATH="$PWD/node_modules/.bin:$PATH"
exec "$@"
