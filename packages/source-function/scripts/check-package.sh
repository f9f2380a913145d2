#!/usr/bin/env bash
# Checks the package as users receive it: the pasteable bundle's size budget, then publint and
# "are the types wrong" on the tarball `pnpm pack` makes (pnpm applies `publishConfig`).
# Needs a fresh `pnpm run build` (the test command builds before it runs this).
set -euo pipefail
cd "$(dirname "$0")/.."

bundle=dist/segment-source-function.js
for file in "$bundle" dist/index.mjs dist/index.cjs dist/index.d.mts dist/index.d.cts dist/receiver.mjs dist/receiver.cjs dist/receiver.d.mts dist/receiver.d.cts dist/cli.mjs dist/function-cli.mjs; do
  [ -f "$file" ] || { echo "check:package: $file is missing, run the build first" >&2; exit 1; }
done

# The bundle is pasted into Segment's editor: keep it small enough to read and review there.
budget_bytes=$((96 * 1024))
size=$(wc -c < "$bundle")
gzip_size=$(gzip -9 -c "$bundle" | wc -c)
echo "--- pasteable bundle: $size bytes ($gzip_size gzipped), budget $budget_bytes bytes"
if [ "$size" -gt "$budget_bytes" ]; then
  echo "check:package: $bundle is over its budget" >&2
  exit 1
fi

node scripts/check-main-entry.mjs

# `./receiver` is a subpath export: node10 resolution (no `exports`) cannot see it, by design.
ATTW_PROFILE=node16 bash ../../scripts/check-packed-package.sh . dist/segment-source-function.js dist/index.mjs dist/index.cjs dist/receiver.mjs dist/receiver.cjs dist/cli.mjs dist/function-cli.mjs
