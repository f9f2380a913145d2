#!/usr/bin/env bash
# Checks the package as users receive it: the built entries and command are there, then publint and
# "are the types wrong" on the tarball `pnpm pack` makes (pnpm applies `publishConfig`).
# Needs a fresh `pnpm run build` (the test command builds before it runs this).
set -euo pipefail
cd "$(dirname "$0")/.."

for file in dist/index.mjs dist/index.cjs dist/index.d.mts dist/index.d.cts dist/cli.mjs; do
  [ -f "$file" ] || { echo "check:package: $file is missing, run the build first" >&2; exit 1; }
done

bash ../../scripts/check-packed-package.sh . dist/index.mjs dist/index.cjs dist/cli.mjs
