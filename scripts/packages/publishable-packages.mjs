// The workspace packages that are published: every `packages/*/package.json` without
// `"private": true`. Every packaging command (pack, release, the published-package checks) takes its
// list from here, so a new package is packed and checked without editing them. Plain Node (no
// dependency): it runs before the install too.
//
//   node scripts/packages/publishable-packages.mjs     one folder a line, e.g. packages/browser
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository's root folder (ends with `/`). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url))

/**
 * The publishable packages, sorted by folder.
 * @returns {{ dir: string, manifest: Record<string, unknown> & { name: string, version: string } }[]}
 *   `dir` relative to the root (`packages/browser`), `manifest` its package.json as in the workspace
 */
export function publishablePackages() {
  return readdirSync(join(repoRoot, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(repoRoot, 'packages', entry.name, 'package.json')))
    .map((entry) => {
      const dir = `packages/${entry.name}`
      return { dir, manifest: JSON.parse(readFileSync(join(repoRoot, dir, 'package.json'), 'utf8')) }
    })
    .filter(({ manifest }) => manifest.private !== true)
    .sort((a, b) => a.dir.localeCompare(b.dir))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const { dir } of publishablePackages()) console.log(dir)
}
