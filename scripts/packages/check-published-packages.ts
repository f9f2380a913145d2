/**
 * The published packages as users receive them, whichever client packs them (a step of `npm test`,
 * and of `npm run release` before anything is published). For every publishable workspace package
 * (`publishable-packages.mjs`: a new package is checked without editing this):
 *
 * 1. packs it with `npm pack` AND `pnpm pack` (both run its prepack), and checks that the two
 *    tarballs hold the same files and the same package.json, and that the workspace package.json
 *    is left as it was;
 * 2. checks the tarball: a clean package.json (no scripts, devDependencies, `workspace:` ranges or
 *    source condition; `engines`), every file it points at, README, LICENSE and CHANGELOG, source
 *    maps with their sources, no bare import of an optional peer in the declarations;
 * 3. publint (strict) and are-the-types-wrong, every entry in every resolution (no profile);
 * 4. installs the npm-packed tarballs with npm in one fresh project and the pnpm-packed ones in
 *    another (lifecycle scripts off: the imports need no native build), then imports every entry in
 *    plain Node, ESM and CommonJS (the same names either way), and runs every bin with `--help`.
 *
 * Needs fresh builds (`npm run build`). Ends with one line per check and writes
 * `.test-output/packages.json` for the test summary.
 *
 *   node_modules/.bin/tsx scripts/packages/check-published-packages.ts
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCommand } from '../examples/run-command'
import {
  manifestProblems,
  missingFileProblems,
  optionalPeerImportProblems,
  packDifferences,
  readManifest,
  sourceMapProblems,
  type PackedManifest,
} from './packed-package'
import { publishablePackages, repoRoot } from './publishable-packages.mjs'

/** The clients a package is packed with; the first one's tarball is the one linted. */
const packers = ['npm', 'pnpm'] as const
type Packer = (typeof packers)[number]

interface CheckResult {
  name: string
  outcome: 'passed' | 'failed'
  detail?: string
}
const results: CheckResult[] = []

const indent = (text: string) =>
  text
    .trim()
    .split('\n')
    .slice(0, 60)
    .map((line) => `      ${line}`)
    .join('\n')

function record(name: string, problems: string[] | { ok: boolean; output: string }): void {
  const failed = Array.isArray(problems) ? problems.length > 0 : !problems.ok
  const detail = Array.isArray(problems) ? problems.join('\n') : problems.output
  results.push({ name, outcome: failed ? 'failed' : 'passed', ...(failed ? { detail } : {}) })
  console.log(`  ${failed ? '✗' : '✓'} ${name}`)
  if (failed) console.log(indent(detail))
}

const bin = (name: string) => join(repoRoot, 'node_modules', '.bin', name)

/** A package packed by each client, unpacked: `<work>/<packer>/<folder>/package`. */
interface Packed {
  dir: string
  manifest: PackedManifest
  tarballs: Record<Packer, string>
  unpacked: Record<Packer, string>
}

async function pack(work: string, dir: string): Promise<Packed> {
  const packageDir = join(repoRoot, dir)
  const workspaceManifest = await readFile(join(packageDir, 'package.json'))
  const tarballs = {} as Record<Packer, string>
  const unpacked = {} as Record<Packer, string>
  // One client after the other: each pack rewrites the package's package.json for its duration.
  for (const packer of packers) {
    const destination = join(work, packer, dir.replaceAll('/', '-'))
    await mkdir(destination, { recursive: true })
    const packed = await runCommand(packer, ['pack', '--pack-destination', destination], packageDir)
    if (!packed.ok) throw new Error(`${packer} pack in ${dir} failed:\n${packed.output}`)
    const tarball = (await readdir(destination)).find((file) => file.endsWith('.tgz'))
    if (!tarball) throw new Error(`${packer} pack in ${dir} wrote no tarball.`)
    tarballs[packer] = join(destination, tarball)
    const untar = await runCommand('tar', ['-xzf', tarballs[packer], '-C', destination], destination)
    if (!untar.ok) throw new Error(untar.output)
    unpacked[packer] = join(destination, 'package')
    const restored = (await readFile(join(packageDir, 'package.json'))).equals(workspaceManifest)
    record(`${dir}: ${packer} pack leaves the workspace package.json as it was`, restored ? [] : ['it changed'])
  }
  return { dir, manifest: readManifest(unpacked.npm), tarballs, unpacked }
}

function checkTarball(packed: Packed): void {
  const { dir, manifest, unpacked } = packed
  record(`${dir}: npm pack and pnpm pack make the same package`, packDifferences(unpacked.npm, unpacked.pnpm))
  record(`${dir}: a clean published package.json`, manifestProblems(manifest))
  record(`${dir}: every file it points at, README, LICENSE, CHANGELOG`, missingFileProblems(unpacked.npm, manifest))
  record(`${dir}: source maps with their sources`, sourceMapProblems(unpacked.npm, manifest))
  record(
    `${dir}: no bare import of an optional peer in the declarations`,
    optionalPeerImportProblems(unpacked.npm, manifest),
  )
}

async function lint(packed: Packed): Promise<void> {
  const [publint, attw] = await Promise.all([
    runCommand(bin('publint'), [packed.unpacked.npm, '--strict', '--pack', 'false'], repoRoot),
    runCommand(bin('attw'), [packed.tarballs.npm, '--format', 'table-flipped'], repoRoot),
  ])
  record(`${packed.dir}: publint --strict`, publint)
  record(`${packed.dir}: are-the-types-wrong, every entry in every resolution`, attw)
}

/** The entries of a package.json's `exports` a user imports (not `./package.json`, no patterns). */
function entrySpecifiers(manifest: PackedManifest): string[] {
  const exports = manifest.exports
  if (typeof exports !== 'object' || exports === null || Object.keys(exports).some((key) => !key.startsWith('.')))
    return [manifest.name]
  return Object.keys(exports)
    .filter((key) => key !== './package.json' && !key.includes('*'))
    .map((key) => (key === '.' ? manifest.name : `${manifest.name}/${key.slice(2)}`))
}

/** Imports each specifier with `import()` and `require()`, in `dir`, printing `{ esm, cjs }` name lists (or the error). */
const importScript = `
import { createRequire } from 'node:module'
const require = createRequire(process.cwd() + '/')
const names = (module) => Object.keys(module).filter((name) => name !== 'default' && name !== '__esModule' && name !== 'module.exports').sort()
const out = {}
for (const specifier of JSON.parse(process.argv[1])) {
  const result = (out[specifier] = {})
  try { result.esm = names(await import(specifier)) } catch (error) { result.esmError = String(error) }
  try { result.cjs = names(require(specifier)) } catch (error) { result.cjsError = String(error) }
}
console.log(JSON.stringify(out))
`

interface ImportResult {
  esm?: string[]
  cjs?: string[]
  esmError?: string
  cjsError?: string
}

async function installAndImport(work: string, packer: Packer, packages: Packed[]): Promise<void> {
  const project = join(work, `${packer}-consumer`)
  await mkdir(project, { recursive: true })
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }))
  const install = await runCommand(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--prefer-offline',
      '--ignore-scripts',
      '--loglevel=error',
      ...packages.map((p) => p.tarballs[packer]),
    ],
    project,
  )
  record(`the ${packer}-packed tarballs: npm install in a fresh project`, install)
  if (!install.ok) return

  const specifiers = packages.flatMap((packed) => entrySpecifiers(packed.manifest))
  const imported = await runCommand(
    'node',
    ['--input-type=module', '-e', importScript, JSON.stringify(specifiers)],
    project,
  )
  const found = imported.ok ? (JSON.parse(imported.output) as Record<string, ImportResult>) : {}
  for (const specifier of specifiers) {
    const result = found[specifier]
    const problems = !result
      ? [imported.output]
      : [
          ...(result.esmError ? [`import: ${result.esmError}`] : []),
          ...(result.cjsError ? [`require: ${result.cjsError}`] : []),
          ...(result.esm && result.cjs && result.esm.join() !== result.cjs.join()
            ? [`ESM exports ${result.esm.join(', ')}; CommonJS exports ${result.cjs.join(', ')}`]
            : []),
          ...(result.esm?.length === 0 ? ['it exports nothing'] : []),
        ]
    record(`${specifier} (${packer} pack): import and require in Node, the same exports`, problems)
  }
  for (const packed of packages) {
    const bins =
      typeof packed.manifest.bin === 'string'
        ? [packed.manifest.name.replace(/^@[^/]+\//, '')]
        : Object.keys(packed.manifest.bin ?? {})
    for (const name of bins)
      record(
        `${name} --help (${packer} pack): the bin runs`,
        await runCommand(join(project, 'node_modules', '.bin', name), ['--help'], project),
      )
  }
}

/**
 * A package that declares no dependency installs alone: `npm install` of its tarball in an empty
 * project adds nothing else to node_modules (no native module, no driver), whoever packed it.
 */
async function installAlone(work: string, packer: Packer, packed: Packed): Promise<void> {
  if (Object.keys(packed.manifest.dependencies ?? {}).length > 0) return
  const project = join(work, `${packer}-alone-${packed.manifest.name.replace(/\W/g, '-')}`)
  await mkdir(project, { recursive: true })
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'alone', private: true }))
  const install = await runCommand(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', packed.tarballs[packer]],
    project,
  )
  const lock = install.ok
    ? (JSON.parse(await readFile(join(project, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> })
    : { packages: {} }
  const installed = Object.keys(lock.packages).filter((path) => path !== '')
  record(
    `${packed.manifest.name} (${packer} pack): installs alone, with no dependency`,
    !install.ok ? [install.output] : installed.length === 1 ? [] : [`npm installed ${installed.join(', ')}`],
  )
}

async function main(): Promise<void> {
  const startedAt = performance.now()
  const work = await mkdtemp(join(tmpdir(), 'fingerprint-segment-packages-'))
  try {
    const packed: Packed[] = []
    for (const { dir } of publishablePackages()) packed.push(await pack(work, dir))
    for (const one of packed) checkTarball(one)
    await Promise.all([
      ...packed.map(lint),
      ...packers.map((packer) => installAndImport(work, packer, packed)),
      ...packers.flatMap((packer) => packed.map((one) => installAlone(work, packer, one))),
    ])
  } finally {
    await rm(work, { recursive: true, force: true })
  }
  const failed = results.filter((result) => result.outcome === 'failed').length
  await mkdir(join(repoRoot, '.test-output'), { recursive: true })
  await writeFile(
    join(repoRoot, '.test-output/packages.json'),
    JSON.stringify({ passed: results.length - failed, failed, results }, null, 2),
  )
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1)
  console.log(`published packages: ${results.length - failed} passed, ${failed} failed in ${seconds} s`)
  process.exitCode = failed > 0 ? 1 : 0
}

await main()
