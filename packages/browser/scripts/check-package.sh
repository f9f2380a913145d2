#!/usr/bin/env bash
# Checks the package as users receive it: the size budget of each ESM entry, then publint and
# "are the types wrong" on the tarball `pnpm pack` makes (pnpm applies `publishConfig`).
# Needs a fresh `pnpm run build` (the test command builds before it runs this).
set -euo pipefail
cd "$(dirname "$0")/.."

files=(dist/index.mjs dist/index.cjs dist/index.d.mts dist/index.d.cts dist/with-segment.mjs dist/with-segment.cjs
  dist/with-segment.d.mts dist/with-segment.d.cts dist/shared.mjs dist/shared.cjs dist/shared.d.mts dist/shared.d.cts
  dist/fingerprint-segment.iife.js with-segment/package.json)
for file in "${files[@]}"; do
  [ -f "$file" ] || { echo "check:package: $file is missing, run the build first" >&2; exit 1; }
done

echo "--- the builds load where users load them"
# CJS and ESM in Node (no browser API may be touched at import time), the IIFE in a bare global scope.
node -e "
const m = require('./dist/index.cjs'), w = require('./dist/with-segment.cjs')
if (typeof m.fingerprintPlugin !== 'function' || typeof w.withSegment !== 'function' || typeof w.buildSegmentIntegration !== 'function') process.exit(1)
"
node --input-type=module -e "
const m = await import('./dist/index.mjs'), w = await import('./dist/with-segment.mjs')
if (typeof m.fingerprintPlugin !== 'function' || typeof w.withSegment !== 'function' || typeof w.buildSegmentIntegration !== 'function') process.exit(1)
"
node -e "
const vm = require('node:vm'), fs = require('node:fs')
const sandbox = {}
sandbox.window = sandbox
vm.runInNewContext(fs.readFileSync('dist/fingerprint-segment.iife.js', 'utf8'), sandbox)
const api = sandbox.window.FingerprintSegment
if (!api || ['fingerprintPlugin', 'withSegment', 'buildSegmentIntegration'].some((name) => typeof api[name] !== 'function')) {
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
const versions = {
  cjs: require(dir + '/dist/index.cjs').VERSION,
  'with-segment cjs': require(dir + '/dist/with-segment.cjs').VERSION,
  iife: sandbox.FingerprintSegment.VERSION,
}
Promise.all([import(dir + '/dist/index.mjs'), import(dir + '/dist/with-segment.mjs')]).then(([esm, withSegment]) => {
  versions.esm = esm.VERSION
  versions['with-segment esm'] = withSegment.VERSION
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

bash ../../scripts/check-packed-package.sh . "${files[@]}"
