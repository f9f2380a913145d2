/**
 * The module structure of src/, read from the import lines of its files (tests left out): no
 * import cycles, and the risk verdict stays independent of the Segment calls that carry it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const srcDir = fileURLToPath(new URL('../src/', import.meta.url))

/** `from '<specifier>'` of an import or export statement, also spread over several lines. */
const fromClause = /^(?:import|export)\s[^'"]*?\bfrom\s+['"]([^'"]+)['"]/gm
/** `import '<specifier>'`, for its side effects. */
const bareImport = /^import\s+['"]([^'"]+)['"]/gm

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.ts$/.test(entry.name) && !/\.test(-d)?\.ts$/.test(entry.name) ? [path] : []
  })
}

/** The src/ files a file imports (type-only imports included), as paths relative to src/. */
function importsOf(file: string, text: string): string[] {
  const specifiers = [...text.matchAll(fromClause), ...text.matchAll(bareImport)].map((match) => match[1] ?? '')
  return specifiers
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => {
      const base = resolve(dirname(file), specifier)
      const target = [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate))
      if (!target) throw new Error(`${relative(srcDir, file)}: cannot resolve '${specifier}'`)
      return relative(srcDir, target)
    })
    .filter((target) => !target.startsWith('..'))
}

const graph = new Map(
  sourceFiles(srcDir).map((file) => [relative(srcDir, file), importsOf(file, readFileSync(file, 'utf8'))]),
)

/** Every import cycle, each as the path of files that closes it (`a.ts -> b.ts -> a.ts`). */
function importCycles(edges: ReadonlyMap<string, readonly string[]>): string[] {
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
    for (const target of edges.get(file) ?? []) visit(target)
    path.pop()
    done.add(file)
  }
  for (const file of edges.keys()) visit(file)
  return cycles
}

describe('the import graph of src/', () => {
  it('is read from the import lines (the mapping entry imports the spec builders)', () => {
    expect(graph.get('to-segment-calls.ts')).toEqual(
      expect.arrayContaining(['specs/identify.ts', 'risk/assess-risk.ts', 'payload/read-segment-integration.ts']),
    )
  })

  it('finds a cycle where there is one', () => {
    const withCycle = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
    ])
    expect(importCycles(withCycle)).toEqual(['a.ts -> b.ts -> c.ts -> a.ts'])
  })

  it('has no cycle', () => {
    expect(importCycles(graph)).toEqual([])
  })

  it('risk/ only decides: nothing in it imports from specs/ (the calls that carry the verdict)', () => {
    const riskImports = [...graph].filter(([file]) => file.startsWith('risk/'))
    expect(riskImports.length).toBeGreaterThan(0)
    for (const [file, targets] of riskImports)
      expect({ file, specs: targets.filter((target) => target.startsWith('specs/')) }).toEqual({ file, specs: [] })
  })
})
