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

/**
 * The SQLite store's worker thread is a chunk of its own, and the module that says where it is
 * (`src/store/sqlite/sqlite-worker-url.ts`, the TypeScript file in the sources) becomes that chunk's
 * URL, relative to the chunk that imports it, in either module format.
 */
const sqliteWorkerUrlModule = fileURLToPath(new URL('./src/store/sqlite/sqlite-worker-url.ts', import.meta.url))
const sqliteWorker = () => ({
  name: 'sqlite-worker',
  load(id) {
    if (id !== sqliteWorkerUrlModule) return null
    const reference = this.emitFile({
      type: 'chunk',
      id: 'src/store/sqlite/sqlite-store-worker.ts',
      name: 'sqlite-store-worker',
    })
    return `export const sqliteWorkerUrl = new URL(import.meta.ROLLUP_FILE_URL_${reference})`
  },
})

export default defineConfig([
  {
    input: { index: 'src/index.ts', cli: 'src/cli/cli.ts' },
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: '[name].mjs',
      chunkFileNames: 'chunks/[name]-[hash].mjs',
      // The command is the package's `bin`.
      banner: (chunk) => (chunk.isEntry && chunk.name === 'cli' ? `#!/usr/bin/env node\n${banner}` : banner),
      // Published source maps carry their sources (`src/` is not published).
      sourcemap: true,
    },
    plugins: [sqliteWorker(), compile()],
    external: isExternal,
  },
  {
    input: { index: 'src/index.ts' },
    output: {
      dir: 'dist',
      format: 'cjs',
      entryFileNames: '[name].cjs',
      chunkFileNames: 'chunks/[name]-[hash].cjs',
      banner,
      sourcemap: true,
    },
    plugins: [sqliteWorker(), compile()],
    external: isExternal,
  },
  {
    input: { index: 'src/index.ts' },
    output: [
      { dir: 'dist', format: 'es', entryFileNames: '[name].d.mts', chunkFileNames: 'chunks/[name]-[hash].d.mts' },
      { dir: 'dist', format: 'es', entryFileNames: '[name].d.cts', chunkFileNames: 'chunks/[name]-[hash].d.cts' },
    ],
    plugins: [dts()],
    external: isExternal,
  },
])
