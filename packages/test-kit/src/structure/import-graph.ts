/**
 * A package's module structure, read from the import lines of its TypeScript files: which files
 * each file imports (relative imports only, type-only ones included), import cycles, imports that
 * run against a declared order of folders, and the packages an entry loads.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

/** `from '<specifier>'` of an import or export statement, also spread over several lines. */
const fromClause = /^(?:import|export)\s[^'"]*?\bfrom\s+['"]([^'"]+)['"]/gm
/** `import '<specifier>'`, for its side effects. */
const bareImport = /^import\s+['"]([^'"]+)['"]/gm

/** The files of a graph and what each imports, as paths relative to the graph's root folder. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>

function sourceFiles(dir: string, includeTests: boolean): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path, includeTests)
    if (!/\.(ts|mts)$/.test(entry.name)) return []
    return includeTests || !/\.test(-d)?\.ts$/.test(entry.name) ? [path] : []
  })
}

/**
 * The import graph of the files under `root` (a folder path), keyed by their path relative to
 * `root`; imports that leave `root` are kept as `../...` paths.
 *
 * @param includeTests also read `*.test.ts` files (for rules about tests and benchmarks)
 */
export function readImportGraph(root: string, { includeTests = false } = {}): ImportGraph {
  const graph = new Map<string, string[]>()
  for (const file of sourceFiles(root, includeTests)) {
    const text = readFileSync(file, 'utf8')
    const specifiers = [...text.matchAll(fromClause), ...text.matchAll(bareImport)].map((match) => match[1] ?? '')
    const targets = specifiers
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => {
        const base = resolve(dirname(file), specifier)
        const target = [`${base}.ts`, join(base, 'index.ts'), base].find((candidate) => existsSync(candidate))
        if (target === undefined) throw new Error(`${relative(root, file)}: cannot resolve '${specifier}'`)
        return relative(root, target)
      })
    graph.set(relative(root, file), targets)
  }
  return graph
}

/** Every import cycle, each as the path of files that closes it (`a.ts -> b.ts -> a.ts`). */
export function importCycles(graph: ImportGraph): string[] {
  const cycles: string[] = []
  const done = new Set<string>()
  const path: string[] = []
  const visit = (file: string): void => {
    const open = path.indexOf(file)
    if (open >= 0) {
      cycles.push([...path.slice(open), file].join(' -> '))
      return
    }
    if (done.has(file)) return
    path.push(file)
    for (const target of graph.get(file) ?? []) visit(target)
    path.pop()
    done.add(file)
  }
  for (const file of graph.keys()) visit(file)
  return cycles
}

/**
 * Imports that run back up: `layers` lists the top folders from the bottom (imported by all) to
 * the top (importing the others); a file may import its own folder and the folders below it.
 * Files directly in the root (entries such as `index.ts`) may import anything. A top folder not
 * listed is itself a finding, so a new folder is placed on purpose.
 */
export function upwardImports(graph: ImportGraph, layers: readonly (string | readonly string[])[]): string[] {
  const rank = new Map<string, number>()
  layers.forEach((layer, index) => {
    for (const folder of typeof layer === 'string' ? [layer] : layer) rank.set(folder, index)
  })
  const folderOf = (file: string): string | undefined => (file.includes('/') ? file.split('/')[0] : undefined)
  const findings: string[] = []
  for (const [file, targets] of graph) {
    const from = folderOf(file)
    if (from === undefined) continue
    const fromRank = rank.get(from)
    if (fromRank === undefined) {
      findings.push(`${file}: its folder ${from}/ is in no layer`)
      continue
    }
    for (const target of targets) {
      const to = folderOf(target)
      if (to === undefined || to === from || to === '..') continue
      const toRank = rank.get(to)
      if (toRank === undefined || toRank > fromRank) findings.push(`${file} -> ${target}`)
    }
  }
  return findings
}

/**
 * Imports between sibling folders of a package that must not import each other (`test` and
 * `bench`, say), as `folder/file -> ../other/file`: for each `[from, to]`, what `from` imports
 * from `to`.
 */
export function crossingImports(packageRoot: string, pairs: readonly (readonly [string, string])[]): string[] {
  return pairs.flatMap(([from, to]) =>
    [...readImportGraph(join(packageRoot, from), { includeTests: true })].flatMap(([file, targets]) =>
      targets.filter((target) => target.startsWith(`../${to}/`)).map((target) => `${from}/${file} -> ${target}`),
    ),
  )
}

/** Whether an import or export statement is type-only (`import type ...`): elided, it loads nothing. */
const typeOnly = /^(?:import|export)\s+type\s/

/**
 * The packages (bare specifiers as written, `node:` built-ins included) loaded by the module
 * `entry` (a file path) and every file it reaches through relative imports, type-only imports left
 * out: what an install must hold for `entry` to run.
 */
export function packagesLoadedBy(entry: string): string[] {
  const packages = new Set<string>()
  const seen = new Set<string>()
  const pending = [resolve(entry)]
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue
    seen.add(file)
    const text = readFileSync(file, 'utf8')
    for (const match of [...text.matchAll(fromClause), ...text.matchAll(bareImport)]) {
      const specifier = match[1] ?? ''
      if (typeOnly.test(match[0])) continue
      if (!specifier.startsWith('.')) {
        packages.add(specifier)
        continue
      }
      const base = resolve(dirname(file), specifier)
      const target = [`${base}.ts`, join(base, 'index.ts'), base].find((candidate) => existsSync(candidate))
      if (target === undefined) throw new Error(`${file}: cannot resolve '${specifier}'`)
      pending.push(target)
    }
  }
  return [...packages].sort()
}
