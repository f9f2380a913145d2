# Sourced after ensure-pnpm.sh (in scripts run with `set -euo pipefail`): installs the dependencies
# unless the last install used the same lockfile and package.json files and holds what is asked
# (node_modules/.fingerprint-segment-install), printing pnpm's progress lines while it runs.
#
# install_scope=demo (set by scripts/demo.sh) installs only what `npm run demo` needs: the demo's
# dependencies and those of the workspace packages it uses (`--prod`: their devDependencies, the
# root's and the receiver's are left out, so no native module is compiled), with the rollup
# packages the Source Function bundle's config imports hoisted to the root, where that config finds
# them. A whole-workspace install satisfies the demo; the next whole-workspace install replaces the
# demo's (pnpm removes node_modules first, as its layout differs: confirm-modules-purge=false).
install_scope="${install_scope:-}"
if ! install_reason="$(node "$repo_root/scripts/workspace-state.mjs" install-is-current $install_scope)"; then
  install_arguments=(--frozen-lockfile --config.confirm-modules-purge=false --reporter=append-only)
  if [ "$install_scope" = demo ]; then
    install_arguments+=(--filter '@fingerprint-segment/demo...' --prod --public-hoist-pattern='rollup*')
    echo "Installing the demo's dependencies ($install_reason) ..."
  else
    echo "Installing dependencies ($install_reason) ..."
  fi
  install_log="$(mktemp)"
  if ! (cd "$repo_root" && pnpm install "${install_arguments[@]}" 2>&1) | tee "$install_log" |
    while IFS= read -r line; do case "$line" in Progress:* | Done*) echo "  $line" ;; esac; done; then
    cat "$install_log" >&2
    rm -f "$install_log"
    echo "The install failed (output above)." >&2
    exit 1
  fi
  rm -f "$install_log"
  node "$repo_root/scripts/workspace-state.mjs" record-install $install_scope
fi
