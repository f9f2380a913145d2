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
// rollup-plugin-dts also repeats a chunk's imports in the entries that import the chunk, as bare
// `import '<agent>';` lines: a missing agent there is TS2882 (TypeScript 6 checks side-effect imports),
// and they import no name, so they go.
const agentImport = /^import (?:\* as \w+ from )?'(?:@fingerprintjs\/fingerprintjs-pro|@fingerprint\/agent)';\n/gm
const optionalPeerTypes = {
  name: 'optional-peer-types',
  renderChunk: (code) =>
    code.replace(agentImport, (line) =>
      line.startsWith('import * as')
        ? `// @ts-ignore an optional peer dependency: only one agent may be installed\n${line}`
        : '',
    ),
}

// Two entries: `.` (the plugin) and `./with-segment` (withSegment and buildSegmentIntegration), with
// the code they share in a chunk of its own, so a site importing one ships nothing of the other.
const input = { index: 'src/index.ts', 'with-segment': 'src/with-segment/index.ts' }

export default defineConfig([
  {
    input,
    output: ['mjs', 'cjs'].map((extension) => ({
      dir: 'dist',
      format: extension == 'mjs' ? 'es' : 'cjs',
      entryFileNames: `[name].${extension}`,
      chunkFileNames: `shared.${extension}`,
      // No banner here: bundlers keep `/*!` comments, and the licence ships in package.json.
      // Published source maps carry their sources (`src/` is not published).
      sourcemap: true,
    })),
    // Minified as published: size-limit measures these files (it minifies again, which changes nothing).
    plugins: [packageVersion, esbuild({ target, minify: true, legalComments: 'none' })],
    external: isPeer,
  },
  {
    // For sites that load scripts by tag: everything, both entries, on `window.FingerprintSegment`.
    input: 'src/iife.ts',
    output: {
      file: 'dist/fingerprint-segment.iife.js',
      format: 'iife',
      name: 'FingerprintSegment',
      banner,
      sourcemap: true,
    },
    plugins: [packageVersion, esbuild({ target, minify: true })],
    external: isPeer,
  },
  {
    // One bundled declaration file per entry and module format. `@fingerprint-segment/source-function`
    // is not a peer, so its `SegmentIntegration` types are inlined: the published types need nothing unpublished.
    input,
    output: ['mts', 'cts'].map((extension) => ({
      dir: 'dist',
      format: 'es',
      entryFileNames: `[name].d.${extension}`,
      chunkFileNames: `shared.d.${extension}`,
    })),
    plugins: [dts({ respectExternal: true, tsconfig: 'tsconfig.json' }), optionalPeerTypes],
    external: isPeer,
  },
])
