/**
 * What a packed package must hold, read from its unpacked tarball (`<dir>/package.json` and the
 * files beside it): the checks of `check-published-packages.ts` that need no install. Each returns
 * the problems it found, as sentences; none: the package passes it.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { pointedFiles, sourceCondition } from './published-manifest.mjs'

/** The package.json fields these checks read. */
export interface PackedManifest {
  name: string
  version: string
  engines?: { node?: string }
  exports?: unknown
  bin?: string | Record<string, string>
  scripts?: unknown
  devDependencies?: unknown
  dependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  peerDependenciesMeta?: Record<string, { optional?: boolean }>
  optionalDependencies?: Record<string, string>
}

export function readManifest(dir: string): PackedManifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackedManifest
}

/** Every file of the unpacked package, relative to it, sorted. */
export function packedFiles(dir: string): string[] {
  const walk = (folder: string): string[] =>
    readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? walk(join(folder, entry.name)) : [relative(dir, join(folder, entry.name))],
    )
  return walk(dir).sort()
}

/** The files every published package carries beside its builds. */
export const requiredFiles = ['README.md', 'LICENSE', 'CHANGELOG.md'] as const

/** No workspace-only field or range: what users install must not name the monorepo. */
export function manifestProblems(manifest: PackedManifest): string[] {
  const problems: string[] = []
  if (manifest.scripts !== undefined) problems.push('package.json has "scripts" (the workspace\'s commands)')
  if (manifest.devDependencies !== undefined) problems.push('package.json has "devDependencies"')
  if (!manifest.engines?.node) problems.push('package.json has no "engines.node"')
  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies'] as const)
    for (const [name, range] of Object.entries(manifest[field] ?? {}))
      if (range.startsWith('workspace:')) problems.push(`${field}.${name} is ${range}`)
  if (JSON.stringify(manifest.exports ?? null).includes(sourceCondition))
    problems.push(`"exports" has the workspace's ${sourceCondition} condition (its src/ is not published)`)
  return problems
}

/** The files the manifest points at, and the README, licence and changelog, are in the tarball. */
export function missingFileProblems(dir: string, manifest: PackedManifest): string[] {
  const files = [...requiredFiles, ...pointedFiles(manifest).map((path) => path.replace(/^\.\//, ''))]
  return [...new Set(files)]
    .filter((file) => !existsSync(join(dir, file)))
    .map((file) => `${file} is not in the tarball`)
}

const javaScript = /\.(?:js|mjs|cjs)$/
const sourceMapComment = /\/\/# sourceMappingURL=(\S+)\s*$/

/**
 * Each JavaScript file the manifest points at names its source map, and every source map a file
 * names is in the tarball with the text of each of its sources (`src/` is not published).
 */
export function sourceMapProblems(dir: string, manifest: PackedManifest): string[] {
  const problems: string[] = []
  const pointed = new Set(pointedFiles(manifest).map((path) => path.replace(/^\.\//, '')))
  for (const file of packedFiles(dir).filter((path) => javaScript.test(path))) {
    const url = sourceMapComment.exec(readFileSync(join(dir, file), 'utf8'))?.[1]
    if (url === undefined) {
      if (pointed.has(file)) problems.push(`${file} names no source map`)
      continue
    }
    const mapFile = join(dirname(file), url)
    if (!existsSync(join(dir, mapFile))) {
      problems.push(`${file} names ${url}, which is not in the tarball`)
      continue
    }
    const map = JSON.parse(readFileSync(join(dir, mapFile), 'utf8')) as {
      sources?: unknown[]
      sourcesContent?: unknown[]
    }
    const sources = map.sources ?? []
    const contents = map.sourcesContent ?? []
    // An entry that only re-exports its chunks maps no source: nothing to carry.
    if (contents.length !== sources.length || contents.some((text) => typeof text !== 'string'))
      problems.push(`${mapFile} does not carry the text of its sources`)
  }
  return problems
}

/**
 * No declaration file has a bare `import '<optional peer>'`: a project without that peer fails on it
 * with TS2882 (TypeScript 6 and later check side-effect imports), even when it imports no name.
 */
export function optionalPeerImportProblems(dir: string, manifest: PackedManifest): string[] {
  const optional = Object.entries(manifest.peerDependenciesMeta ?? {})
    .filter(([, meta]) => meta.optional === true)
    .map(([name]) => name)
  const problems: string[] = []
  for (const file of packedFiles(dir).filter((path) => /\.d\.[mc]?ts$/.test(path))) {
    const text = readFileSync(join(dir, file), 'utf8')
    for (const [, specifier] of text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm))
      if (optional.some((peer) => specifier === peer || specifier?.startsWith(`${peer}/`)))
        problems.push(`${file} has a bare import of the optional peer ${specifier ?? ''}`)
  }
  return problems
}

/** The differences between two unpacked packages: their file lists, their files' bytes, their parsed package.json. */
export function packDifferences(first: string, second: string): string[] {
  const files = packedFiles(first)
  const others = packedFiles(second)
  const problems = [
    ...files.filter((file) => !others.includes(file)).map((file) => `${file} is only in the first`),
    ...others.filter((file) => !files.includes(file)).map((file) => `${file} is only in the second`),
  ]
  const digest = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')
  for (const file of files.filter((path) => others.includes(path) && path !== 'package.json'))
    if (digest(join(first, file)) !== digest(join(second, file))) problems.push(`${file} differs`)
  // The clients format package.json differently (pnpm drops the final newline): compared as data.
  if (JSON.stringify(readManifest(first)) !== JSON.stringify(readManifest(second)))
    problems.push('package.json differs')
  return problems
}
