#!/usr/bin/env bash
# The one test command (`npm test`): installs what it needs, then runs every check.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/ensure-pnpm.sh

step() { printf '\n=== %s\n' "$*"; }

step "install"
pnpm install --frozen-lockfile

step "typecheck"
pnpm run typecheck

step "lint"
pnpm run lint

step "build"
pnpm run build

step "unit and integration tests"
pnpm run test:unit

step "published packages (size budgets, publint, are-the-types-wrong)"
pnpm -r --filter './packages/**' run --if-present check:package

if [ -f playwright.config.ts ]; then
  step "end-to-end (Playwright + Debian Chromium)"
  bash scripts/ensure-chromium.sh
  pnpm exec playwright test
fi
