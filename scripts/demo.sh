#!/usr/bin/env bash
# The demo command (`npm run demo`): on a machine with only Node 20 and npm, installs what it needs,
# builds the packages, and starts the whole demo on one port (PORT, default 3000), printing its URL.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/ensure-pnpm.sh

echo "Installing dependencies ..."
if ! pnpm install --frozen-lockfile --reporter=silent; then
  echo "The lockfile is out of date; installing without --frozen-lockfile ..."
  pnpm install --reporter=silent
fi

echo "Building the packages ..."
pnpm run --silent build >/dev/null

exec node_modules/.bin/tsx demo/src/server/main.ts
