# Sourced after ensure-installed.sh: builds each package of $packages_to_build (workspace folders,
# default the publishable ones) whose dist/ is older than its sources (or a workspace dependency's), printing what it builds.
for package_dir in ${packages_to_build:-$(node "$repo_root/scripts/packages/publishable-packages.mjs")}; do
  if ! build_reason="$(node "$repo_root/scripts/workspace-state.mjs" build-is-current "$package_dir")"; then
    echo "Building $package_dir ($build_reason) ..."
    build_log="$(mktemp)"
    # A clean dist/: a file the build no longer writes would otherwise look stale forever.
    if ! (cd "$repo_root/$package_dir" && rm -rf dist && pnpm run build >"$build_log" 2>&1); then
      cat "$build_log" >&2
      rm -f "$build_log"
      echo "The build of $package_dir failed (output above)." >&2
      exit 1
    fi
    rm -f "$build_log"
  fi
done
