#!/usr/bin/env bash
# The demo command (`npm run demo`): on a machine with only Node 20 and npm, checks the port, installs
# what the demo needs and builds the Source Function bundle when they are out of date (a restart skips
# both; so does a whole-workspace install that is current), and starts the whole demo on one port
# (PORT, default 3000), printing its URL.
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/check-demo-port.mjs
. scripts/ensure-pnpm.sh
# Only the demo's part of the workspace (see ensure-installed.sh): no receiver, no test tools.
install_scope=demo
. scripts/ensure-installed.sh
# The demo runs the BUILT pasteable bundle; the browser package is used from its sources.
packages_to_build=packages/source-function
. scripts/ensure-built.sh
echo "Starting the demo ..."
# The demo's own tsx (one of its dependencies), there in both kinds of install.
exec demo/node_modules/.bin/tsx --conditions=@fingerprint-segment/source demo/src/server/main.ts
