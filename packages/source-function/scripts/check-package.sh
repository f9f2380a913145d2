#!/usr/bin/env bash
# The server package's own checks of its builds: the pasteable bundle's size budget, and a main entry
# free of Node built-ins and server clients. What every published package must pass (both clients'
# tarballs, publint, are-the-types-wrong, ESM and CJS imports) is scripts/packages/check-published-packages.ts.
# Needs a fresh `pnpm run build` (the test command builds before it runs this).
set -euo pipefail
cd "$(dirname "$0")/.."

bundle=dist/segment-source-function.js
for file in "$bundle" dist/index.mjs dist/index.cjs dist/index.d.mts dist/index.d.cts dist/internal.mjs dist/internal.cjs dist/internal.d.mts dist/internal.d.cts dist/function-cli.mjs; do
  [ -f "$file" ] || { echo "check:package: $file is missing, run the build first" >&2; exit 1; }
done

# The bundle is pasted into Segment's editor: keep it small enough to read and review there.
# 96 KiB until the fail-closed authentication (issue 17: the envelope reader, the refusal messages
# with each setting's Label, the unknown-setting check, capped Server API reads, the identifiers
# withheld) added 10.3 KB; 112 KiB leaves room to review, not to grow unnoticed.
budget_bytes=$((112 * 1024))
size=$(wc -c < "$bundle")
gzip_size=$(gzip -9 -c "$bundle" | wc -c)
echo "--- pasteable bundle: $size bytes ($gzip_size gzipped), budget $budget_bytes bytes"
if [ "$size" -gt "$budget_bytes" ]; then
  echo "check:package: $bundle is over its budget" >&2
  exit 1
fi

node scripts/check-main-entry.mjs
