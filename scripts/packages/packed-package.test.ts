import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  manifestProblems,
  missingFileProblems,
  optionalPeerImportProblems,
  packDifferences,
  sourceMapProblems,
  type PackedManifest,
} from './packed-package'

const folders: string[] = []
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

/** An unpacked package made of `files` (path -> text). */
function unpacked(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'packed-package-test-'))
  folders.push(dir)
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return dir
}

const manifest: PackedManifest = {
  name: '@fingerprint-segment/browser',
  version: '1.0.0',
  engines: { node: '>=20' },
  exports: { '.': { import: './dist/index.mjs', require: './dist/index.cjs' } },
  peerDependencies: { '@fingerprint/agent': '^4.0.0' },
  peerDependenciesMeta: { '@fingerprint/agent': { optional: true } },
}
const map = JSON.stringify({ version: 3, sources: ['../src/index.ts'], sourcesContent: ['export {}'], mappings: '' })

describe('manifestProblems', () => {
  it('passes a clean manifest', () => {
    expect(manifestProblems(manifest)).toEqual([])
  })

  it('names every workspace-only field and range', () => {
    expect(
      manifestProblems({
        ...manifest,
        engines: {},
        scripts: { build: 'rollup -c' },
        devDependencies: {},
        dependencies: { '@fingerprint-segment/source-function': 'workspace:*' },
        exports: { '.': { '@fingerprint-segment/source': './src/index.ts', default: './dist/index.mjs' } },
      }),
    ).toEqual([
      'package.json has "scripts" (the workspace\'s commands)',
      'package.json has "devDependencies"',
      'package.json has no "engines.node"',
      'dependencies.@fingerprint-segment/source-function is workspace:*',
      '"exports" has the workspace\'s @fingerprint-segment/source condition (its src/ is not published)',
    ])
  })
})

describe('missingFileProblems', () => {
  it('names the pointed-at and required files the tarball lacks', () => {
    const dir = unpacked({ 'README.md': '', LICENSE: '', 'dist/index.mjs': '' })
    expect(missingFileProblems(dir, manifest)).toEqual([
      'CHANGELOG.md is not in the tarball',
      'dist/index.cjs is not in the tarball',
    ])
  })
})

describe('sourceMapProblems', () => {
  it('passes builds whose maps carry their sources', () => {
    const dir = unpacked({
      'dist/index.mjs': 'export {}\n//# sourceMappingURL=index.mjs.map\n',
      'dist/index.mjs.map': map,
      'dist/index.cjs': '//# sourceMappingURL=index.cjs.map',
      'dist/index.cjs.map': JSON.stringify({ version: 3, sources: [], sourcesContent: [], mappings: '' }),
    })
    expect(sourceMapProblems(dir, manifest)).toEqual([])
  })

  it('names an entry without a map, a missing map and a map without its sources', () => {
    const dir = unpacked({
      'dist/index.mjs': 'export {}\n',
      'dist/index.cjs': '//# sourceMappingURL=index.cjs.map',
      'dist/chunk.js': '//# sourceMappingURL=chunk.js.map',
      'dist/chunk.js.map': JSON.stringify({ version: 3, sources: ['../src/chunk.ts'], mappings: '' }),
    })
    expect(sourceMapProblems(dir, manifest)).toEqual([
      'dist/chunk.js.map does not carry the text of its sources',
      'dist/index.cjs names index.cjs.map, which is not in the tarball',
      'dist/index.mjs names no source map',
    ])
  })
})

describe('optionalPeerImportProblems', () => {
  it("names a declaration file's bare import of an optional peer, not its named imports", () => {
    const dir = unpacked({
      'dist/index.d.mts': "import { A } from './shared.mjs';\nimport '@fingerprint/agent';\n",
      'dist/shared.d.mts': "// @ts-ignore\nimport * as V4 from '@fingerprint/agent';\n",
      'dist/other.d.cts': "import 'some-required-dependency';\n",
    })
    expect(optionalPeerImportProblems(dir, manifest)).toEqual([
      'dist/index.d.mts has a bare import of the optional peer @fingerprint/agent',
    ])
  })
})

describe('packDifferences', () => {
  it('compares file lists and bytes, and package.json as data', () => {
    const first = unpacked({ 'package.json': '{ "name": "a" }\n', 'dist/a.js': 'a', 'dist/b.js': 'b' })
    const same = unpacked({ 'package.json': '{"name":"a"}', 'dist/a.js': 'a', 'dist/b.js': 'b' })
    const other = unpacked({ 'package.json': '{"name":"b"}', 'dist/a.js': 'A', 'dist/c.js': 'c' })
    expect(packDifferences(first, same)).toEqual([])
    expect(packDifferences(first, other)).toEqual([
      'dist/b.js is only in the first',
      'dist/c.js is only in the second',
      'dist/a.js differs',
      'package.json differs',
    ])
  })
})
