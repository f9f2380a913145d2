// Rebuilds the pasteable bundle of @fingerprint-segment/source-function when one of its sources is
// newer than it, so the sandbox tests (a vitest globalSetup), the benchmarks and the demo always run
// the file users would paste.
import { execFileSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** The source-function package's folder, wherever the workspace installs it. */
const packageRoot = dirname(createRequire(import.meta.url).resolve('@fingerprint-segment/source-function/package.json'))

/** The file users paste into Segment. */
export const sourceFunctionBundlePath = join(packageRoot, 'dist/segment-source-function.js')

function newestSourceTime(directory: string): number {
  let newest = 0
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestSourceTime(path) : statSync(path).mtimeMs)
  }
  return newest
}

/** The command that deploys the bundle, which reads it from beside itself (the deploy tests run both). */
const deployCommandPath = join(packageRoot, 'dist/function-cli.mjs')

/** Rebuilds the bundle and the command when either is missing or older than a source file (vitest's globalSetup calls it too). */
export default function rebuildStaleBundle(): void {
  let bundleTime = 0
  try {
    bundleTime = Math.min(statSync(sourceFunctionBundlePath).mtimeMs, statSync(deployCommandPath).mtimeMs)
  } catch {
    // not built yet
  }
  const sourceTime = Math.max(
    newestSourceTime(join(packageRoot, 'src')),
    statSync(join(packageRoot, 'rollup.config.mjs')).mtimeMs,
  )
  if (bundleTime < sourceTime)
    execFileSync(
      createRequire(join(packageRoot, 'package.json')).resolve('rollup/dist/bin/rollup'),
      ['-c', '--silent'],
      {
        cwd: packageRoot,
        stdio: 'inherit',
      },
    )
}
