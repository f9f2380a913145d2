import { readFileSync } from 'node:fs'
import { defineConfig } from 'rollup'
import { dts } from 'rollup-plugin-dts'
import esbuild from 'rollup-plugin-esbuild'

const {
  name,
  version,
  peerDependencies = {},
} = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'))
const banner = `/*! ${name} v${version} | MIT License */`
// Peers (Analytics.js and the agents) are never bundled; the source only imports their types.
const peers = Object.keys(peerDependencies)
const isPeer = (id) => peers.some((peer) => id === peer || id.startsWith(`${peer}/`))
// Browsers released since 2020: what both agents and Analytics.js support.
const target = 'es2020'
// `src/version.ts` imports the version from package.json: the build inlines that one string, not the file.
const packageVersion = {
  name: 'package-version',
  load: (id) => (id.endsWith('/package.json') ? `export const version = ${JSON.stringify(version)}` : null),
}

// The declarations import both agents' types; a project has one agent or the other. Without
// `skipLibCheck`, the missing one would be TS2307: marked, its types are `any`, which `Installed` turns into `never`.
const optionalPeerTypes = {
  name: 'optional-peer-types',
  renderChunk: (code) =>
    code.replace(
      /^import \* as \w+ from '(@fingerprintjs\/fingerprintjs-pro|@fingerprint\/agent)';$/gm,
      (line) => `// @ts-ignore an optional peer dependency: only one agent may be installed\n${line}`,
    ),
}

export default defineConfig([
  {
    input: 'src/index.ts',
    output: [
      // No banner here: bundlers keep `/*!` comments, and the licence ships in package.json.
      { file: 'dist/index.mjs', format: 'es' },
      { file: 'dist/index.cjs', format: 'cjs' },
    ],
    plugins: [packageVersion, esbuild({ target })],
    external: isPeer,
  },
  {
    // For sites that load scripts by tag: everything on `window.FingerprintSegment`.
    input: 'src/index.ts',
    output: { file: 'dist/fingerprint-segment.iife.js', format: 'iife', name: 'FingerprintSegment', banner },
    plugins: [packageVersion, esbuild({ target, minify: true })],
    external: isPeer,
  },
  {
    // One bundled declaration file per module format. `@fingerprint-segment/source-function` is not
    // a peer, so its `SegmentIntegration` types are inlined: the published types need nothing unpublished.
    input: 'src/index.ts',
    output: [
      { file: 'dist/index.d.mts', format: 'es' },
      { file: 'dist/index.d.cts', format: 'es' },
    ],
    plugins: [dts({ respectExternal: true, tsconfig: 'tsconfig.json' }), optionalPeerTypes],
    external: isPeer,
  },
])
