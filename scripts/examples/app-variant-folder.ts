/**
 * A work folder of the examples app for one variant of the matrix, made without another install:
 * the app's own files, and a node_modules of symlinks to the full install's packages, with some
 * packages taken from another install instead (the peers at their floors) and one left out (the
 * agent a one-agent app does not have).
 *
 * The packed `@fingerprint-segment/*` packages are copied, not linked: TypeScript and Vite follow a
 * symlink to its real path and resolve that package's imports from there, where the full install
 * would lend them the agent the variant leaves out. Each variant is checked to see what it claims:
 * the left-out agent does not resolve, and each replaced package resolves to its other version.
 */
import { cp, lstat, mkdir, readdir, readFile, rm, symlink } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'

export interface VariantFolder {
  /** The full app, installed: its files are copied, its node_modules linked. */
  appDir: string
  /** The folder to make (replaced when it exists). */
  dir: string
  /** Packages taken from another install's node_modules instead of the app's: name -> that node_modules. */
  replaced?: ReadonlyMap<string, string>
  /** A package left out. */
  without?: string | undefined
}

/** The app's folders a variant does not copy: its install, its builds, the Next.js app (built only from the full app). */
const notCopied = new Set(['node_modules', 'dist', 'next'])
/** Our own packages: copied into each variant (see above). */
const ownScope = '@fingerprint-segment'

/** Every package of a node_modules folder: `name` or `@scope/name`. */
async function packagesOf(nodeModules: string): Promise<string[]> {
  const names: string[] = []
  for (const entry of await readdir(nodeModules)) {
    if (entry.startsWith('.')) continue
    if (entry.startsWith('@'))
      for (const inScope of await readdir(join(nodeModules, entry))) names.push(`${entry}/${inScope}`)
    else names.push(entry)
  }
  return names
}

export async function makeVariantFolder({ appDir, dir, replaced = new Map(), without }: VariantFolder): Promise<void> {
  await rm(dir, { recursive: true, force: true })
  await mkdir(join(dir, 'node_modules'), { recursive: true })
  for (const entry of await readdir(appDir))
    if (!notCopied.has(entry)) await cp(join(appDir, entry), join(dir, entry), { recursive: true })

  const names = new Set([...(await packagesOf(join(appDir, 'node_modules'))), ...replaced.keys()])
  for (const name of names) {
    if (name === without) continue
    const source = join(replaced.get(name) ?? join(appDir, 'node_modules'), name)
    const target = join(dir, 'node_modules', name)
    if (name.includes('/')) await mkdir(join(target, '..'), { recursive: true })
    if (name.startsWith(`${ownScope}/`)) await cp(source, target, { recursive: true, dereference: true })
    else await symlink(source, target, (await lstat(source)).isDirectory() ? 'dir' : 'file')
  }

  if (without !== undefined) {
    const found = await installedVersion(without, dir)
    if (found !== undefined) throw new Error(`${dir}: ${without} ${found} is still found, from outside the variant.`)
  }
  for (const [name, otherInstall] of replaced) {
    if (name === without) continue
    const wanted = await installedVersion(name, join(otherInstall, '..'))
    const found = await installedVersion(name, dir)
    if (found !== wanted) throw new Error(`${dir}: ${name} is ${String(found)}, not ${String(wanted)}.`)
  }
}

/** The version of `name` that resolution from `dir` finds, looking in each node_modules up to the root as Node and TypeScript do. */
async function installedVersion(name: string, dir: string): Promise<string | undefined> {
  for (let folder = resolve(dir); ; folder = dirname(folder)) {
    const manifest = await readFile(join(folder, 'node_modules', name, 'package.json'), 'utf8').catch(() => undefined)
    if (manifest !== undefined) return (JSON.parse(manifest) as { version: string }).version
    if (dirname(folder) === folder) return undefined
  }
}
