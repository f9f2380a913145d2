import { describe, expect, it } from 'vitest'
import { pointedFiles, publishedManifest, sourceCondition } from './published-manifest.mjs'

const versions = new Map([
  ['@fingerprint-segment/source-function', '1.2.3'],
  ['@fingerprint-segment/browser', '0.4.0'],
])

const workspace = {
  name: '@fingerprint-segment/receiver',
  version: '1.2.3',
  type: 'module',
  engines: { node: '>=20' },
  exports: {
    '.': {
      [sourceCondition]: './src/index.ts',
      import: { types: './dist/index.d.mts', default: './dist/index.mjs' },
      require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
    },
    './package.json': './package.json',
  },
  publishConfig: { bin: { 'fingerprint-segment': './dist/cli.mjs' }, access: 'public' },
  files: ['dist'],
  scripts: { build: 'rollup -c', prepack: 'node prepack.mjs' },
  dependencies: {
    '@fingerprint-segment/source-function': 'workspace:*',
    '@fingerprint-segment/browser': 'workspace:^',
    pg: '^8.23.1',
  },
  peerDependencies: { '@fingerprint-segment/source-function': 'workspace:~' },
  optionalDependencies: { 'better-sqlite3': 'workspace:^12.0.0' },
  devDependencies: { '@fingerprint-segment/test-kit': 'workspace:*', vitest: '^4.1.12' },
  'size-limit': [{ path: 'dist/index.mjs' }],
}

describe('publishedManifest', () => {
  const published = publishedManifest(workspace, versions)

  it('replaces workspace: ranges with the versions they stand for, as pnpm publishes them', () => {
    expect(published.dependencies).toEqual({
      '@fingerprint-segment/source-function': '1.2.3',
      '@fingerprint-segment/browser': '^0.4.0',
      pg: '^8.23.1',
    })
    expect(published.peerDependencies).toEqual({ '@fingerprint-segment/source-function': '~1.2.3' })
    expect(published.optionalDependencies).toEqual({ 'better-sqlite3': '^12.0.0' })
  })

  it('lifts publishConfig fields to the top level and keeps the publish settings', () => {
    expect(published.bin).toEqual({ 'fingerprint-segment': './dist/cli.mjs' })
    expect(published.publishConfig).toEqual({ access: 'public' })
  })

  it('drops the workspace source condition, the scripts, devDependencies and tool settings', () => {
    expect(published.exports).toEqual({
      '.': {
        import: { types: './dist/index.d.mts', default: './dist/index.mjs' },
        require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
      },
      './package.json': './package.json',
    })
    expect(Object.keys(published)).toEqual([
      'name',
      'version',
      'type',
      'engines',
      'exports',
      'bin',
      'files',
      'dependencies',
      'peerDependencies',
      'optionalDependencies',
      'publishConfig',
    ])
  })

  it('refuses a workspace: range to a package that is not published', () => {
    expect(() =>
      publishedManifest({ ...workspace, dependencies: { '@fingerprint-segment/test-kit': 'workspace:*' } }, versions),
    ).toThrow('@fingerprint-segment/test-kit is not a workspace package')
  })
})

describe('pointedFiles', () => {
  it('lists every file of exports, main, module, types, bin, unpkg and jsdelivr', () => {
    expect(
      pointedFiles({
        exports: { '.': { import: './dist/a.mjs', require: './dist/a.cjs' } },
        main: './dist/a.cjs',
        types: './dist/a.d.cts',
        bin: { cli: './dist/cli.mjs' },
        unpkg: './dist/a.iife.js',
        files: ['dist'],
      }),
    ).toEqual(['./dist/a.mjs', './dist/a.cjs', './dist/a.cjs', './dist/a.d.cts', './dist/cli.mjs', './dist/a.iife.js'])
  })
})
