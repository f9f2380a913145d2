/**
 * `npm run examples` (a step of `npm test`): the adopter's proof. Packs the publishable packages,
 * copies the `examples/` apps into `.examples-work/app/` with the READMEs' marked snippets written in
 * verbatim, installs the PACKED tarballs and the real peers with npm (as a newcomer would, `npm
 * install ./<tarball>`), with the TypeScript versions of the matrix under aliases, then:
 *
 * 1. installs the browser package's peers at the floors of its `peerDependencies` ranges, and makes
 *    the matrix's work folders from the two installs (`app-variant-folder.ts`): latest peers and
 *    peer floors, each with both agents and with each agent alone;
 * 2. type-checks every folder with `--strict` and Vite's template settings (no skipLibCheck), under
 *    `bundler` and `node16` resolution, with every TypeScript version of `example-matrix.ts`;
 * 3. builds the Vite app (latest peers and peer floors) and the Next.js app (`next build`);
 * 4. opens their pages in Debian's Chromium against the demo's stand-ins and checks that each
 *    example reached Segment through the Source Function.
 *
 * Ends with one line per check and writes `.test-output/examples.json` for the test summary.
 */
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { makeVariantFolder } from './app-variant-folder'
import {
  appVariants,
  expectedTypeFailures,
  peerFloorSpecs,
  resolutions,
  tsconfigFor,
  typescriptPackage,
  typescriptVersions,
  type AppVariant,
  type Resolution,
  type TypeScriptVersion,
} from './example-matrix'
import { hightouchPage, nextPages, npmPages, scriptTagPage } from './example-pages'
import { serveBuiltApp, startNextApp } from './example-sites'
import { exampleMarker, readReadmeSnippets, snippetDestination } from './readme-snippets'
import { runCommand } from './run-command'
import { runExamplePages, type ExampleSite } from './run-example-pages'

const root = new URL('../../', import.meta.url)
const rootDir = fileURLToPath(root)
const workDir = `${rootDir}.examples-work`
const appDir = `${workDir}/app`
/** The browser package's peers at their floors, installed on their own: the `peer floors` folders link them. */
const peerFloorsDir = `${workDir}/peer-floors`
/** What a run keeps for the next one (the type checker's incremental state). */
const cacheDir = `${rootDir}.examples-cache`

/** One line of the closing report. */
interface CheckResult {
  name: string
  outcome: 'passed' | 'failed' | 'expected failure'
  detail?: string
}
const results: CheckResult[] = []
const record = (result: CheckResult) => {
  results.push(result)
  const mark = result.outcome === 'passed' ? '✓' : result.outcome === 'failed' ? '✗' : '~'
  console.log(`  ${mark} ${result.name}${result.outcome === 'passed' ? '' : ` (${result.outcome})`}`)
  if (result.detail && result.outcome !== 'passed') console.log(indent(result.detail))
}
const indent = (text: string) =>
  text
    .trim()
    .split('\n')
    .slice(0, 40)
    .map((line) => `      ${line}`)
    .join('\n')

/** Runs a set-up step; a failure stops the check (nothing after it could run). */
async function setUp(what: string, command: string, args: string[], cwd: string): Promise<void> {
  const startedAt = performance.now()
  const result = await runCommand(command, args, cwd)
  console.log(`--- ${what} (${seconds(startedAt)} s)`)
  if (!result.ok) {
    console.error(indent(result.output))
    throw new Error(`examples: ${what} failed.`)
  }
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1)

const npmInstallFlags = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error']

async function writeSnippets(): Promise<void> {
  console.log('--- the README snippets, verbatim')
  for (const snippet of await readReadmeSnippets(root)) {
    const destination = snippetDestination(snippet.name)
    const file = `${appDir}/${destination.path}`
    if (destination.kind === 'page') {
      const html = await readFile(file, 'utf8')
      const marker = exampleMarker(snippet.name)
      if (!html.includes(marker)) throw new Error(`examples/${snippet.name} has no ${marker} for ${snippet.source}.`)
      await writeFile(file, html.replace(marker, snippet.code.trimEnd()))
    } else {
      await mkdir(file.slice(0, file.lastIndexOf('/')), { recursive: true })
      await writeFile(file, snippet.code)
    }
    console.log(`  ${snippet.name}  <-  ${snippet.source}`)
  }
}

async function prepareApp(): Promise<void> {
  await setUp('npm run pack', 'bash', ['scripts/pack-packages.sh'], rootDir)
  const tarballs = (await readdir(`${rootDir}packages-packed`))
    .filter((file) => file.endsWith('.tgz'))
    .map((file) => `${rootDir}packages-packed/${file}`)

  await rm(workDir, { recursive: true, force: true })
  await mkdir(workDir, { recursive: true })
  await mkdir(cacheDir, { recursive: true })
  await cp(`${rootDir}examples`, appDir, {
    recursive: true,
    filter: (source) => !/\/(node_modules|dist|\.next|src\/readme)(\/|$)/.test(source.slice(rootDir.length)),
  })
  await writeSnippets()

  // What a newcomer does today: the peers from npm, our packages from the packed tarballs.
  const typescripts = typescriptVersions.map((version) => `${typescriptPackage(version)}@npm:typescript@${version.spec}`)
  await setUp(
    `npm install (the app's dependencies, ./packages-packed/*.tgz, TypeScript ${typescriptVersions.map((version) => version.name).join(', ')})`,
    'npm',
    ['install', ...npmInstallFlags, ...tarballs, ...typescripts],
    appDir,
  )

  const browserManifest = JSON.parse(
    await readFile(`${appDir}/node_modules/@fingerprint-segment/browser/package.json`, 'utf8'),
  ) as { peerDependencies: Record<string, string> }
  const floors = peerFloorSpecs(browserManifest.peerDependencies)
  await mkdir(peerFloorsDir, { recursive: true })
  await writeFile(`${peerFloorsDir}/package.json`, JSON.stringify({ name: 'peer-floors', private: true }))
  await setUp(`npm install ${floors.join(' ')}`, 'npm', ['install', ...npmInstallFlags, ...floors], peerFloorsDir)

  const replacedByFloors = new Map(
    Object.keys(browserManifest.peerDependencies).map((name) => [name, `${peerFloorsDir}/node_modules`]),
  )
  for (const variant of appVariants) {
    if (variant.folder === 'app') continue
    await makeVariantFolder({
      appDir,
      dir: `${workDir}/${variant.folder}`,
      replaced: variant.peers === 'peer floors' ? replacedByFloors : new Map(),
      without: variant.setup.without,
    })
  }
  console.log(`--- the matrix's folders: ${appVariants.map((variant) => variant.folder).join(', ')}`)
}

/** Runs `jobs` with at most `limit` at a time, keeping their order in the results. */
async function inParallel<T>(limit: number, jobs: (() => Promise<T>)[]): Promise<T[]> {
  const done: T[] = []
  let next = 0
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++
      const job = jobs[index]
      if (job) done[index] = await job()
    }
  }
  await Promise.all(Array.from({ length: limit }, worker))
  return done
}

async function typeCheckOne(variant: AppVariant, resolution: Resolution, typescript: TypeScriptVersion): Promise<CheckResult> {
  const dir = `${workDir}/${variant.folder}`
  let tsconfig = tsconfigFor[resolution]
  if (variant.setup.include) {
    tsconfig = `tsconfig.check-${resolution}.json`
    await writeFile(
      `${dir}/${tsconfig}`,
      JSON.stringify({
        extends: `./${tsconfigFor[resolution]}`,
        compilerOptions: { types: ['vite/client'] },
        include: variant.setup.include,
      }),
    )
  }
  // Incremental, its state kept beside the work folder: a later run re-checks only the files that changed.
  const buildInfo = `${cacheDir}/tsc-${variant.folder}-${resolution}-${typescript.name}.tsbuildinfo`
  const tsc = `${appDir}/node_modules/${typescriptPackage(typescript)}/bin/tsc`
  const result = await runCommand(
    'node',
    [tsc, '-p', tsconfig, '--pretty', 'false', '--incremental', '--tsBuildInfoFile', buildInfo],
    dir,
  )
  const name = `tsc ${typescript.name}, ${resolution}, ${variant.setup.agents}, ${variant.peers}`
  const expected = expectedTypeFailures.find((failure) => failure.agents === variant.setup.agents)
  // Expected only when every error is the known one: another error in the same run still fails.
  const errors = result.output.split('\n').filter((line) => /error TS\d+/.test(line))
  if (expected && !result.ok && errors.length > 0 && errors.every((line) => expected.shows.test(line)))
    return { name, outcome: 'expected failure', detail: `${expected.why}\n${result.output}` }
  if (expected && result.ok)
    return {
      name,
      outcome: 'failed',
      detail: `Passes now: remove its entry in scripts/examples/example-matrix.ts (${expected.why}).`,
    }
  return { name, outcome: result.ok ? 'passed' : 'failed', detail: result.output }
}

async function typeCheck(): Promise<void> {
  const versions = await Promise.all(
    typescriptVersions.map(async (version) => {
      const manifest = await readFile(`${appDir}/node_modules/${typescriptPackage(version)}/package.json`, 'utf8')
      return `${version.name}: ${(JSON.parse(manifest) as { version: string }).version}`
    }),
  )
  console.log(`--- tsc --strict, Vite's template settings, no skipLibCheck (TypeScript ${versions.join(', ')})`)
  const checks = appVariants.flatMap((variant) =>
    resolutions.flatMap((resolution) =>
      typescriptVersions.map((typescript) => () => typeCheckOne(variant, resolution, typescript)),
    ),
  )
  // One tsc per core: each checks every declaration file (no skipLibCheck), a few seconds apiece.
  const startedAt = performance.now()
  const checked = await inParallel(availableParallelism(), checks)
  console.log(`  (${checked.length} type checks in ${seconds(startedAt)} s)`)
  for (const result of checked) record(result)
}

/** Builds an app; records the result under `name`. */
async function build(name: string, command: string, args: string[], cwd: string): Promise<boolean> {
  const startedAt = performance.now()
  // Next.js would otherwise try to send its anonymous telemetry.
  const result = await runCommand(command, args, cwd, { NEXT_TELEMETRY_DISABLED: '1' })
  record({ name: `${name} (${seconds(startedAt)} s)`, outcome: result.ok ? 'passed' : 'failed', detail: result.output })
  return result.ok
}

async function main(): Promise<void> {
  const startedAt = performance.now()
  await prepareApp()
  await typeCheck()

  console.log('--- the builds')
  const vite = `${appDir}/node_modules/.bin/vite`
  const floorDir = `${workDir}/${appVariants.find((variant) => variant.peers === 'peer floors' && !variant.setup.without)?.folder ?? ''}`
  const sites: ExampleSite[] = []
  if (await build('vite build, latest peers', vite, ['build', '--logLevel', 'warn'], appDir))
    sites.push({ label: 'latest peers', appDir, serve: () => serveBuiltApp(appDir), pages: [...npmPages, scriptTagPage, hightouchPage] })
  if (await build('vite build, peer floors', vite, ['build', '--logLevel', 'warn'], floorDir))
    sites.push({ label: 'peer floors', appDir: floorDir, serve: () => serveBuiltApp(floorDir), pages: npmPages })
  // `next build` renders the App Router page on the server: an agent started at module level fails here.
  if (await build('next build (App Router)', `${appDir}/node_modules/.bin/next`, ['build', 'next'], appDir))
    sites.push({ label: 'latest peers', appDir, serve: () => startNextApp(appDir), pages: nextPages })

  const pagesStartedAt = performance.now()
  const pages = await runExamplePages(sites)
  console.log(`--- the built pages in Chromium, against the demo stand-ins (${seconds(pagesStartedAt)} s)`)
  for (const result of pages) record(result)

  const count = (outcome: CheckResult['outcome']) => results.filter((result) => result.outcome === outcome).length
  const summary = {
    passed: count('passed') + count('expected failure'),
    failed: count('failed'),
    expectedFailures: count('expected failure'),
    results,
  }
  await mkdir(`${rootDir}.test-output`, { recursive: true })
  await writeFile(`${rootDir}.test-output/examples.json`, JSON.stringify(summary, null, 2))
  console.log(
    `examples: ${summary.passed} passed, ${summary.failed} failed` +
      `${summary.expectedFailures ? ` (${summary.expectedFailures} of them expected failures)` : ''} in ${seconds(startedAt)} s`,
  )
  process.exitCode = summary.failed > 0 ? 1 : 0
}

await main()
