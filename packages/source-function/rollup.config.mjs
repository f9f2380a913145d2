import { readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
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

/** The pasteable bundle: one script defining a top-level `onRequest`, no imports, no requires. */
const segmentFunctionFooter = `
/**
 * Segment Source Function entry. Paste this whole file into Segment's Functions editor.
 * Settings and their defaults: see the package README.
 */
async function onRequest(request, settings) {
  return fingerprintSegmentFunction.onRequest(request, settings)
}`

export default defineConfig([
  {
    input: 'src/function/segment-function-entry.ts',
    output: {
      file: 'dist/segment-source-function.js',
      format: 'iife',
      name: 'fingerprintSegmentFunction',
      banner: `${banner}\n/* Fingerprint webhooks -> Segment calls. Generated file: edit the sources, not this. */`,
      footer: segmentFunctionFooter,
    },
    plugins: [esbuild({ target: 'node20' })],
    // Anything external would become a require(): the pasteable bundle must have none.
    external: () => false,
  },
  {
    input: 'src/index.ts',
    output: [
      { file: 'dist/index.mjs', format: 'es', banner },
      { file: 'dist/index.cjs', format: 'cjs', banner },
    ],
    plugins: [esbuild({ target: 'node20' })],
    external: isExternal,
  },
  {
    // The `fingerprint-segment` command (package.json `bin`): the self-hosted webhook receiver.
    input: 'src/receiver/cli.ts',
    output: { file: 'dist/cli.mjs', format: 'es', banner: `#!/usr/bin/env node\n${banner}` },
    plugins: [esbuild({ target: 'node20' })],
    external: isExternal,
  },
  {
    input: 'src/index.ts',
    output: [
      { file: 'dist/index.d.mts', format: 'es' },
      { file: 'dist/index.d.cts', format: 'es' },
    ],
    plugins: [dts()],
    external: isExternal,
  },
])
