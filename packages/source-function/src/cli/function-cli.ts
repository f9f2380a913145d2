/**
 * The entry of `fingerprint-segment-function` (built to `dist/function-cli.mjs`, a `bin` of the
 * package): `deploy`, `bundle` and `settings`. The pasteable bundle is read from beside this file
 * (`dist/segment-source-function.js`, shipped in the package's `files`).
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { runFunctionCli } from './run-function-cli'

/** The built pasteable bundle: beside this file in `dist/`, or in `../../dist/` when run from the sources. */
function readBundle(): string {
  const fromSources = import.meta.url.endsWith('.ts')
  const path = new URL(
    fromSources ? '../../dist/segment-source-function.js' : './segment-source-function.js',
    import.meta.url,
  )
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ENOENT') throw error
    throw new Error(
      `The pasteable bundle is missing (${path.pathname})${fromSources ? ': build the package first (npm run build)' : ''}.`,
    )
  }
}

runFunctionCli({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readBundle,
  writeFile: (path, text) => writeFileSync(path, text),
}).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`fingerprint-segment-function: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 1
  },
)
