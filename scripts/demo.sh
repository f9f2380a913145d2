#!/usr/bin/env bash
# The demo command (`npm run demo`): on a machine with only Node 20 and npm, checks the port, installs
# the dependencies and builds the Source Function bundle when they are out of date (a restart skips
# both), and starts the whole demo on one port (PORT, default 3000), printing its URL.
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/check-demo-port.mjs
. scripts/ensure-pnpm.sh
. scripts/ensure-installed.sh
# The demo runs the BUILT pasteable bundle; the browser package is used from its sources.
packages_to_build=packages/source-function
. scripts/ensure-built.sh
echo "Starting the demo ..."
exec node_modules/.bin/tsx --conditions=@fingerprint-segment/source demo/src/server/main.ts
