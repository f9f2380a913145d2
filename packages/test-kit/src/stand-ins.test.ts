// The `./stand-ins` entry is what the demo runs, and the demo's install holds only the test kit's
// `dependencies`: the entry must load nothing else, and those dependencies must be exactly what it loads.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { packagesLoadedBy } from './structure/import-graph'

const packageName = (specifier: string): string =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/')

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
}

describe('the stand-ins entry', () => {
  const loaded = packagesLoadedBy(fileURLToPath(new URL('./stand-ins.ts', import.meta.url)))
  const packages = [...new Set(loaded.filter((specifier) => !specifier.startsWith('node:')).map(packageName))]

  it("loads only Node's built-ins and the test kit's dependencies, which are exactly what it loads", () => {
    expect(packages.sort()).toEqual(Object.keys(manifest.dependencies).sort())
  })

  it('is what the main entry is built on, the test-only helpers loading the devDependencies', () => {
    const main = packagesLoadedBy(fileURLToPath(new URL('./index.ts', import.meta.url)))
      .filter((specifier) => !specifier.startsWith('node:'))
      .map(packageName)
    const declared = new Set([...Object.keys(manifest.dependencies), ...Object.keys(manifest.devDependencies)])
    expect(main.filter((name) => !declared.has(name))).toEqual([])
    expect(main).toEqual(expect.arrayContaining(packages))
  })
})
