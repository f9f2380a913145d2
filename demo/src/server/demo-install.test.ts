// `npm run demo` installs the demo's dependencies and the runtime ones of the workspace packages it
// uses, nothing else (scripts/ensure-installed.sh, install_scope=demo): so the demo declares every
// package it loads, and every one the Source Function bundle's build loads, at the root's range.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { packagesLoadedBy } from '@fingerprint-segment/test-kit'
import { describe, expect, it } from 'vitest'

const repositoryRoot = new URL('../../../', import.meta.url)
const read = (path: string): string => readFileSync(new URL(path, repositoryRoot), 'utf8')
const manifest = (path: string) =>
  JSON.parse(read(path)) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> }

const demoDependencies = manifest('demo/package.json').dependencies ?? {}
const rootDevDependencies = manifest('package.json').devDependencies ?? {}
const packageName = (specifier: string): string =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/')
/** The packages a module loads, with every file it reaches: `node:` built-ins left out. */
const packagesOf = (path: string): string[] =>
  packagesLoadedBy(fileURLToPath(new URL(path, repositoryRoot)))
    .filter((specifier) => !specifier.startsWith('node:'))
    .map(packageName)

describe("the demo's install", () => {
  it('holds every package the server and the page scripts load', () => {
    const loaded = new Set(
      ['demo/src/server/main.ts', 'demo/src/site/main.ts', 'demo/src/site/lab.ts'].flatMap(packagesOf),
    )
    expect([...loaded].filter((name) => !(name in demoDependencies))).toEqual([])
  })

  it('holds what builds the Source Function bundle, hoisted to the root where its rollup config finds it', () => {
    const buildTools = packagesOf('packages/source-function/rollup.config.mjs')
    const hoisted = /--public-hoist-pattern='([^']+)'/.exec(read('scripts/ensure-installed.sh'))?.[1]
    expect(hoisted).toBeDefined()
    const hoistedPattern = new RegExp(`^${(hoisted ?? '').replaceAll('*', '.*')}$`)
    expect(buildTools.length).toBeGreaterThan(0)
    for (const tool of buildTools) {
      expect({ tool, declared: tool in demoDependencies, hoisted: hoistedPattern.test(tool) }).toEqual({
        tool,
        declared: true,
        hoisted: true,
      })
    }
    // The plugins' peers, which pnpm resolves from the demo's own dependencies.
    for (const peer of ['typescript', 'esbuild']) expect(demoDependencies).toHaveProperty(peer)
  })

  it('runs the demo with its own tsx, at the ranges the whole workspace uses', () => {
    expect(read('scripts/demo.sh')).toMatch(/exec demo\/node_modules\/\.bin\/tsx /)
    const shared = Object.keys(demoDependencies).filter((name) => name in rootDevDependencies)
    expect(shared).toEqual(expect.arrayContaining(['tsx', 'esbuild', 'rollup', 'typescript']))
    for (const name of shared)
      expect({ name, range: demoDependencies[name] }).toEqual({ name, range: rootDevDependencies[name] })
  })
})
