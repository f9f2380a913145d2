#!/usr/bin/env bash
# `npm run release`: releases the packages the pending changesets (.changeset/*.md) change.
#  1. refuses uncommitted changes, and a run with no pending changeset;
#  2. `changeset version`: the versions and each package's CHANGELOG.md from the changesets; commits them;
#  3. builds, then checks the published packages (scripts/packages/check-published-packages.ts:
#     npm's and pnpm's tarballs, publint, are-the-types-wrong, ESM and CJS imports);
#  4. `changeset publish`: `pnpm publish` for each publishable package whose version is not on the
#     registry yet (its prepack writes the published package.json), and a git tag for each.
# Needs a registry login (`npm login`, or NPM_TOKEN in ~/.npmrc). Then push: git push --follow-tags
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/ensure-pnpm.sh
. scripts/ensure-installed.sh
export PATH="$PWD/node_modules/.bin:$PATH"

if [ -n "$(git status --porcelain)" ]; then
  echo "release: commit or stash your changes first (git status)." >&2
  exit 1
fi
if [ -z "$(find .changeset -name '*.md' ! -name README.md)" ]; then
  echo "release: no pending changeset in .changeset/ (add one with: npx changeset)." >&2
  exit 1
fi

echo "--- changeset version"
changeset version
git add -A
git commit -m "Release: $(for dir in $(node scripts/packages/publishable-packages.mjs); do node -p "require('./$dir/package.json').name + '@' + require('./$dir/package.json').version"; done | tr '\n' ' ')"

echo "--- build and check the published packages"
pnpm -r --filter './packages/**' run build
tsx scripts/packages/check-published-packages.ts

echo "--- changeset publish (through pnpm)"
changeset publish
echo "Released. Push the release commit and its tags: git push --follow-tags"
