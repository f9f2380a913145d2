# Sourced by the other scripts: puts pnpm 10 on PATH without needing corepack or a global install.
PNPM_VERSION=10.34.8
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if ! pnpm --version 2>/dev/null | grep -q '^10\.'; then
  tools_dir="$repo_root/.tools"
  if [ ! -x "$tools_dir/node_modules/.bin/pnpm" ]; then
    echo "Installing pnpm@$PNPM_VERSION into .tools/ ..."
    npm install --silent --no-audit --no-fund --prefix "$tools_dir" "pnpm@$PNPM_VERSION" >/dev/null
  fi
  export PATH="$tools_dir/node_modules/.bin:$PATH"
fi
