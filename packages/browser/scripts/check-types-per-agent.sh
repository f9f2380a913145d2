#!/usr/bin/env bash
# The published types compile under `tsc --strict` WITHOUT skipLibCheck in a project that has only
# the v3 agent, or only the v4 agent (and neither Analytics.js), with bundler and node16 resolution.
# Each case is a tiny project: the packed tarball unpacked into its node_modules, the real peer
# linked from this workspace's node_modules. No network. Usage: check-types-per-agent.sh <tarball>
set -euo pipefail
tarball="$1"
here="$(cd "$(dirname "$0")/.." && pwd)"
tsc="$here/../../node_modules/.bin/tsc"
peer_dir() { (cd "$here" && node -e "console.log(require('path').dirname(require.resolve('$1/package.json')))"); }

check() { # <peer package> <snippet>
  local peer="$1" snippet="$2" project
  project="$(mktemp -d)"
  mkdir -p "$project/node_modules/@fingerprint-segment/browser" "$project/node_modules/$(dirname "$peer")"
  tar -xzf "$tarball" -C "$project/node_modules/@fingerprint-segment/browser" --strip-components=1
  ln -s "$(peer_dir "$peer")" "$project/node_modules/$peer"
  echo '{ "type": "module" }' > "$project/package.json"
  printf '%s\n' "$snippet" > "$project/index.ts"
  for resolution in "--module esnext --moduleResolution bundler" "--module node16 --moduleResolution node16"; do
    # shellcheck disable=SC2086 # the resolution flags are meant to split
    (cd "$project" && "$tsc" --strict --noEmit --skipLibCheck false --lib es2022,dom --target es2022 $resolution index.ts) ||
      { echo "check:package: the types do not compile with only $peer ($resolution)" >&2; rm -rf "$project"; exit 1; }
  done
  rm -rf "$project"
  echo "ok: only $peer"
}

check @fingerprintjs/fingerprintjs-pro "import * as FingerprintJS from '@fingerprintjs/fingerprintjs-pro'
import { fingerprintPlugin } from '@fingerprint-segment/browser'
import { withSegment } from '@fingerprint-segment/browser/with-segment'
const agent = FingerprintJS.load({ apiKey: 'key' })
export const plugin = fingerprintPlugin({ agent, consent: 'Analytics', cache: 'localStorage' })
export const visitorId = agent.then((loaded) =>
  withSegment(loaded, { user: () => ({ id: () => null, anonymousId: () => 'a', traits: () => ({}) }), group: () => ({ id: () => null, traits: () => ({}) }) }).get({ linkedId: 'order-1' })).then((result) => result.visitorId)"

check @fingerprint/agent "import { start } from '@fingerprint/agent'
import { fingerprintPlugin } from '@fingerprint-segment/browser'
import { withSegment } from '@fingerprint-segment/browser/with-segment'
const agent = start({ apiKey: 'key' })
export const plugin = fingerprintPlugin({ agent, timeout: 500 })
export const requestId = withSegment(agent, { user: () => ({ id: () => null, anonymousId: () => 'a', traits: () => ({}) }), group: () => ({ id: () => null, traits: () => ({}) }) })
  .get({ tags: { cart: 1 } })
  .then((result) => result.event_id)"
