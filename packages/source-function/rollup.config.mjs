import { readFileSync, rmSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { defineConfig } from 'rollup'
import { dts } from 'rollup-plugin-dts'
import esbuild from 'rollup-plugin-esbuild'

const { name, version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'))
const banner = `/*! ${name} v${version} | MIT License */`
const external = [...builtinModules, ...builtinModules.map((module) => `node:${module}`)]
const isExternal = (id) => external.some((module) => id === module || id.startsWith(`${module}/`))
// Each build starts from an empty dist/: chunk names carry hashes, and stale chunks must not ship.
rmSync(new URL('./dist', import.meta.url), { recursive: true, force: true })

const compile = () => esbuild({ target: 'node20', define: { __PACKAGE_VERSION__: JSON.stringify(version) } })

/** The pasteable bundle: one script defining a top-level `onRequest`, no imports, no requires. */
const segmentFunctionFooter = `
/**
 * Segment Source Function entry. Paste this whole file into Segment's Functions editor.
 * Settings and their defaults: see the package README.
 */
async function onRequest(request, settings) {
  return fingerprintSegmentFunction.onRequest(request, settings)
}`

/** The npm entries: the main entry, and `./internal` for @fingerprint-segment/receiver; shared code goes in chunks once. */
const entries = { index: 'src/index.ts', internal: 'src/internal.ts' }
/** The command (the package's `bin`): it deploys the Source Function, and reads the pasteable bundle from beside itself in dist/. */
const commands = { 'function-cli': 'src/cli/function-cli.ts' }

export default defineConfig([
  {
    input: 'src/function/segment-function-entry.ts',
    output: {
      file: 'dist/segment-source-function.js',
      format: 'iife',
      name: 'fingerprintSegmentFunction',
      // The IIFE's body is not indented: two spaces on every line would be 5% of the pasted text.
      indent: false,
      banner: `${banner}\n/* Fingerprint webhooks -> Segment calls. Generated file: edit the sources, not this. */`,
      footer: segmentFunctionFooter,
    },
    plugins: [compile()],
    // Anything external would become a require(): the pasteable bundle must have none.
    external: () => false,
  },
  {
    input: { ...entries, ...commands },
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: '[name].mjs',
      chunkFileNames: 'chunks/[name]-[hash].mjs',
      // The command is the package's `bin`.
      banner: (chunk) => (chunk.isEntry && chunk.name in commands ? `#!/usr/bin/env node\n${banner}` : banner),
      // Published source maps carry their sources (`src/` is not published). Not for the pasteable bundle: it is read in Segment's editor.
      sourcemap: true,
    },
    plugins: [compile()],
    external: isExternal,
  },
  {
    input: entries,
    output: {
      dir: 'dist',
      format: 'cjs',
      entryFileNames: '[name].cjs',
      chunkFileNames: 'chunks/[name]-[hash].cjs',
      banner,
      sourcemap: true,
    },
    plugins: [compile()],
    external: isExternal,
  },
  // One declaration file per entry, each whole: no shared type chunk, so no type of the public entry
  // lives in a file only `./internal` re-exports.
  ...Object.entries(entries).map(([name, input]) => ({
    input,
    output: [
      { file: `dist/${name}.d.mts`, format: 'es' },
      { file: `dist/${name}.d.cts`, format: 'es' },
    ],
    plugins: [dts()],
    external: isExternal,
  })),
])
