// Rebuilds the pasteable bundle (and the deploy command) before the tests when a source file is
// newer than it, so the sandbox tests always run the file users would paste.
import { execFileSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const packageRoot = fileURLToPath(new URL('..', import.meta.url))

function newestSourceTime(directory: string): number {
  let newest = 0
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestSourceTime(path) : statSync(path).mtimeMs)
  }
  return newest
}

export default function setup(): void {
  let bundleTime = 0
  try {
    // The pasteable bundle, and the command that deploys it (the end-to-end test runs both).
    bundleTime = Math.min(
      statSync(join(packageRoot, 'dist/segment-source-function.js')).mtimeMs,
      statSync(join(packageRoot, 'dist/function-cli.mjs')).mtimeMs,
    )
  } catch {
    // not built yet
  }
  const sourceTime = Math.max(
    newestSourceTime(join(packageRoot, 'src')),
    statSync(join(packageRoot, 'rollup.config.mjs')).mtimeMs,
  )
  if (bundleTime < sourceTime)
    execFileSync(join(packageRoot, '../../node_modules/.bin/rollup'), ['-c', '--silent'], {
      cwd: packageRoot,
      stdio: 'inherit',
    })
}
