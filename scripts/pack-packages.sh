#!/usr/bin/env bash
# `npm run pack`: builds the publishable packages (when their dist/ is out of date) and packs them as
# they will be published (their prepack writes the published package.json) into packages-packed/,
# ready for `npm install ./packages-packed/<tarball>` in any project, before anything is published.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/ensure-pnpm.sh
. scripts/ensure-installed.sh
. scripts/ensure-built.sh

out="$repo_root/packages-packed"
rm -rf "$out" && mkdir -p "$out"
for package_dir in $(node scripts/packages/publishable-packages.mjs); do
  (cd "$package_dir" && pnpm pack --pack-destination "$out" >/dev/null)
done
echo "Packed into packages-packed/. In your project:"
for tarball in "$out"/*.tgz; do echo "  npm install $tarball"; done
