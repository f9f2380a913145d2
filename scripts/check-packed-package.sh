#!/usr/bin/env bash
# Checks a workspace package as users receive it: packs it (pnpm applies `publishConfig`), checks
# that the files named after the package folder are in the tarball, then runs publint (strict) and
# "are the types wrong" on it. Usage: [ATTW_PROFILE=node16] check-packed-package.sh <package dir> [file in tarball ...]
set -euo pipefail
cd "$1"
shift

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "--- pnpm pack"
pnpm pack --pack-destination "$work" >/dev/null
tarball="$(ls "$work"/*.tgz)"
tar -xzf "$tarball" -C "$work"
for file in README.md "$@"; do
  [ -f "$work/package/$file" ] || { echo "check:package: $file is not in the packed tarball" >&2; exit 1; }
done

echo "--- publint"
pnpm exec publint "$work/package" --strict --pack false

echo "--- are the types wrong"
# ATTW_PROFILE=node16: for packages with subpath exports, which node10 resolution cannot see.
pnpm exec attw "$tarball" ${ATTW_PROFILE:+--profile "$ATTW_PROFILE"}
