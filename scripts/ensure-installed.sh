# Sourced after ensure-pnpm.sh (in scripts run with `set -euo pipefail`): installs the workspace's
# dependencies unless the last install used the same lockfile and package.json files
# (node_modules/.fingerprint-segment-install), printing pnpm's progress lines while it runs.
if ! install_reason="$(node "$repo_root/scripts/workspace-state.mjs" install-is-current)"; then
  echo "Installing dependencies ($install_reason) ..."
  install_log="$(mktemp)"
  if ! (cd "$repo_root" && pnpm install --frozen-lockfile --reporter=append-only 2>&1) | tee "$install_log" |
    while IFS= read -r line; do case "$line" in Progress:* | Done*) echo "  $line" ;; esac; done; then
    cat "$install_log" >&2
    rm -f "$install_log"
    echo "The install failed (output above)." >&2
    exit 1
  fi
  rm -f "$install_log"
  node "$repo_root/scripts/workspace-state.mjs" record-install
fi
