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

echo "--- the packed package: CDN entries, version, types with one agent"
packed="$(mktemp -d)"
trap 'rm -rf "$packed"' EXIT
pnpm pack --pack-destination "$packed" >/dev/null
tar -xzf "$packed"/*.tgz -C "$packed"
# unpkg / jsdelivr serve the IIFE to script tags (pnpm does not lift them out of publishConfig, so they are top-level fields);
# every build carries the packed package.json's version (VERSION is inlined at build time).
node -e "
const fs = require('node:fs'), vm = require('node:vm'), dir = process.argv[1]
const manifest = JSON.parse(fs.readFileSync(dir + '/package.json', 'utf8'))
for (const field of ['unpkg', 'jsdelivr']) {
  if (manifest[field] !== './dist/fingerprint-segment.iife.js' || manifest.publishConfig?.[field] !== undefined) {
    console.error('check:package: the packed package.json ' + field + ' must be the IIFE, got ' + JSON.stringify(manifest[field]))
    process.exit(1)
  }
}
const sandbox = {}
sandbox.window = sandbox
vm.runInNewContext(fs.readFileSync(dir + '/dist/fingerprint-segment.iife.js', 'utf8'), sandbox)
const versions = { cjs: require(dir + '/dist/index.cjs').VERSION, iife: sandbox.FingerprintSegment.VERSION }
import(dir + '/dist/index.mjs').then(({ VERSION }) => {
  versions.esm = VERSION
  for (const [build, version] of Object.entries(versions)) {
    if (version !== manifest.version) {
      console.error('check:package: the ' + build + ' build says VERSION ' + version + ', package.json ' + manifest.version)
      process.exit(1)
    }
  }
})
" "$packed/package"
bash scripts/check-types-per-agent.sh "$(ls "$packed"/*.tgz)"

echo "--- size-limit"
pnpm exec size-limit

bash ../../scripts/check-packed-package.sh . dist/index.mjs dist/index.cjs dist/index.d.mts dist/index.d.cts dist/fingerprint-segment.iife.js
