#!/usr/bin/env bash
# Checks the package as users receive it: the size budget of the ESM entry, then publint and
# "are the types wrong" on the tarball `pnpm pack` makes (pnpm applies `publishConfig`).
# Needs a fresh `pnpm run build` (the test command builds before it runs this).
set -euo pipefail
cd "$(dirname "$0")/.."

for file in dist/index.mjs dist/index.cjs dist/index.d.mts dist/index.d.cts dist/fingerprint-segment.iife.js; do
  [ -f "$file" ] || { echo "check:package: $file is missing, run the build first" >&2; exit 1; }
done

echo "--- the builds load where users load them"
# CJS and ESM in Node (no browser API may be touched at import time), the IIFE in a bare global scope.
node -e "const m = require('./dist/index.cjs'); if (typeof m.fingerprintPlugin !== 'function') process.exit(1)"
node --input-type=module -e "const m = await import('./dist/index.mjs'); if (typeof m.withSegment !== 'function') process.exit(1)"
node -e "
const vm = require('node:vm'), fs = require('node:fs')
const sandbox = {}
sandbox.window = sandbox
vm.runInNewContext(fs.readFileSync('dist/fingerprint-segment.iife.js', 'utf8'), sandbox)
const api = sandbox.window.FingerprintSegment
if (!api || typeof api.fingerprintPlugin !== 'function' || typeof api.withSegment !== 'function') {
  console.error('the IIFE does not define window.FingerprintSegment')
  process.exit(1)
}
"

echo "--- size-limit"
pnpm exec size-limit

bash ../../scripts/check-packed-package.sh . dist/index.mjs dist/index.cjs dist/index.d.mts dist/index.d.cts dist/fingerprint-segment.iife.js
