import { readFileSync, rmSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'rollup'
import { dts } from 'rollup-plugin-dts'
import esbuild from 'rollup-plugin-esbuild'

const {
  name,
  version,
  dependencies = {},
} = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'))
const banner = `/*! ${name} v${version} | MIT License */`
const external = [...builtinModules, ...builtinModules.map((module) => `node:${module}`), ...Object.keys(dependencies)]
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

/**
 * The SQLite store's worker thread is a chunk of its own, and the module that says where it is
 * (`src/store/sqlite-worker-url.ts`, the TypeScript file in the sources) becomes that chunk's URL,
 * relative to the chunk that imports it, in either module format.
 */
const sqliteWorkerUrlModule = fileURLToPath(new URL('./src/store/sqlite-worker-url.ts', import.meta.url))
const sqliteWorker = () => ({
  name: 'sqlite-worker',
  load(id) {
    if (id !== sqliteWorkerUrlModule) return null
    const reference = this.emitFile({
      type: 'chunk',
      id: 'src/store/sqlite-store-worker.ts',
      name: 'sqlite-store-worker',
    })
    return `export const sqliteWorkerUrl = new URL(import.meta.ROLLUP_FILE_URL_${reference})`
  },
})

/** The npm entries: the main entry (pure), the receiver, and the commands; shared code goes in chunks once. */
const entries = { index: 'src/index.ts', receiver: 'src/receiver/index.ts' }
/** The commands (the package's `bin`s): the receiver's, and the one that deploys the Source Function. */
const commands = { cli: 'src/receiver/cli.ts', 'function-cli': 'src/cli/function-cli.ts' }

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
    // `function-cli` reads the pasteable bundle from beside itself in dist/ (`import.meta.url`).
    input: { ...entries, ...commands },
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: '[name].mjs',
      chunkFileNames: 'chunks/[name]-[hash].mjs',
      // The commands are the package's `bin`s.
      banner: (chunk) => (chunk.isEntry && chunk.name in commands ? `#!/usr/bin/env node\n${banner}` : banner),
    },
    plugins: [sqliteWorker(), compile()],
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
    },
    plugins: [sqliteWorker(), compile()],
    external: isExternal,
  },
  {
    input: entries,
    output: [
      { dir: 'dist', format: 'es', entryFileNames: '[name].d.mts', chunkFileNames: 'chunks/[name]-[hash].d.mts' },
      { dir: 'dist', format: 'es', entryFileNames: '[name].d.cts', chunkFileNames: 'chunks/[name]-[hash].d.cts' },
    ],
    plugins: [dts()],
    external: isExternal,
  },
])
