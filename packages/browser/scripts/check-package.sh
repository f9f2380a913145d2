#!/usr/bin/env bash
# The browser package's own checks of its builds: the IIFE loads in a bare global scope and defines
# window.FingerprintSegment, every build carries package.json's version, and each ESM entry keeps
# its gzipped size budget. What every published package must pass (both clients' tarballs, publint,
# are-the-types-wrong, ESM and CJS imports) is scripts/packages/check-published-packages.ts.
# Needs a fresh `pnpm run build` (the test command builds before it runs this).
set -euo pipefail
cd "$(dirname "$0")/.."

for file in dist/index.mjs dist/index.cjs dist/with-segment.mjs dist/with-segment.cjs dist/fingerprint-segment.iife.js; do
  [ -f "$file" ] || { echo "check:package: $file is missing, run the build first" >&2; exit 1; }
done

echo "--- the IIFE, and the version of every build"
# VERSION is inlined at build time: each build must say package.json's.
node -e "
const fs = require('node:fs'), vm = require('node:vm')
const { version } = JSON.parse(fs.readFileSync('package.json', 'utf8'))
const sandbox = {}
sandbox.window = sandbox
vm.runInNewContext(fs.readFileSync('dist/fingerprint-segment.iife.js', 'utf8'), sandbox)
const api = sandbox.window.FingerprintSegment
if (!api || ['fingerprintPlugin', 'withSegment', 'buildSegmentIntegration'].some((name) => typeof api[name] !== 'function')) {
  console.error('check:package: the IIFE does not define window.FingerprintSegment')
  process.exit(1)
}
const versions = { iife: api.VERSION, cjs: require('./dist/index.cjs').VERSION, 'with-segment cjs': require('./dist/with-segment.cjs').VERSION }
Promise.all([import('./dist/index.mjs'), import('./dist/with-segment.mjs')]).then(([esm, withSegment]) => {
  Object.assign(versions, { esm: esm.VERSION, 'with-segment esm': withSegment.VERSION })
  for (const [build, built] of Object.entries(versions))
    if (built !== version) {
      console.error('check:package: the ' + build + ' build says VERSION ' + built + ', package.json ' + version)
      process.exit(1)
    }
})
"

echo "--- size-limit"
pnpm exec size-limit
