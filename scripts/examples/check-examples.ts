/**
 * `npm run examples` (a step of `npm test`): the adopter's proof. Packs both packages, copies the
 * `examples/` app into `.examples-work/` with the READMEs' marked snippets written in verbatim,
 * installs the PACKED tarballs and the real peers with npm (as a newcomer would, `npm install
 * ./<tarball>`), then:
 *
 * 1. type-checks with `--strict` (no skipLibCheck) under `bundler` and `node16` resolution, with
 *    both Fingerprint agents installed and with each alone;
 * 2. builds the app with Vite;
 * 3. opens its pages in Debian's Chromium against the demo's stand-ins (started here, on a free
 *    port) and checks that each example reached Segment through the Source Function.
 *
 * Ends with one line per check and writes `.test-output/examples.json` for the test summary.
 */
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { readReadmeSnippets, exampleMarker } from './readme-snippets'
import { runCommand } from './run-command'
import { agentSetups, expectedTypeFailures, resolutions, tsconfigFor } from './example-matrix'
import { runExamplePages } from './example-pages'

const root = new URL('../../', import.meta.url)
const rootDir = fileURLToPath(root)
const workDir = `${rootDir}.examples-work`
const appDir = `${workDir}/app`
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
    filter: (source) => !/\/(node_modules|dist|src\/readme)(\/|$)/.test(source.slice(rootDir.length)),
  })

  console.log('--- the README snippets, verbatim')
  for (const snippet of await readReadmeSnippets(root)) {
    if (snippet.name.endsWith('.html')) {
      const page = `${appDir}/${snippet.name}`
      const html = await readFile(page, 'utf8')
      const marker = exampleMarker(snippet.name)
      if (!html.includes(marker)) throw new Error(`examples/${snippet.name} has no ${marker} for ${snippet.source}.`)
      await writeFile(page, html.replace(marker, snippet.code.trimEnd()))
    } else {
      const file = `${appDir}/src/readme/${snippet.name}`
      await mkdir(file.slice(0, file.lastIndexOf('/')), { recursive: true })
      await writeFile(file, snippet.code)
    }
    console.log(`  ${snippet.name}  <-  ${snippet.source}`)
  }

  // What a newcomer does today: the peers from npm, our packages from the packed tarballs.
  await setUp(
    'npm install (the peers, and ./packages-packed/*.tgz)',
    'npm',
    ['install', ...npmInstallFlags, ...tarballs],
    appDir,
  )
  for (const setup of agentSetups) {
    if (!setup.uninstall) continue
    const dir = `${workDir}/${setup.folder}`
    await cp(appDir, dir, { recursive: true, verbatimSymlinks: true })
    await setUp(
      `${setup.agents}: npm uninstall ${setup.uninstall}`,
      'npm',
      ['uninstall', ...npmInstallFlags, setup.uninstall],
      dir,
    )
  }
}

/** Runs `jobs` with at most `limit` at a time, keeping their order in the results. */
async function inParallel<T>(limit: number, jobs: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = []
  let next = 0
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++
      const job = jobs[index]
      if (job) results[index] = await job()
    }
  }
  await Promise.all(Array.from({ length: limit }, worker))
  return results
}

async function typeCheck(): Promise<void> {
  console.log('--- tsc --strict (no skipLibCheck)')
  const checks = agentSetups.flatMap((setup) =>
    resolutions.map((resolution) => async (): Promise<CheckResult> => {
      const dir = `${workDir}/${setup.folder}`
      let tsconfig = tsconfigFor[resolution]
      if (setup.include) {
        tsconfig = `tsconfig.check-${resolution}.json`
        await writeFile(
          `${dir}/${tsconfig}`,
          JSON.stringify({ extends: `./${tsconfigFor[resolution]}`, include: setup.include }),
        )
      }
      // Incremental, its state kept beside the work folder: a later run re-checks only the files that changed.
      const buildInfo = `${cacheDir}/tsc-${setup.folder}-${resolution}.tsbuildinfo`
      const result = await runCommand(
        'node_modules/.bin/tsc',
        ['-p', tsconfig, '--strict', '--pretty', 'false', '--incremental', '--tsBuildInfoFile', buildInfo],
        dir,
      )
      const name = `tsc ${resolution}, ${setup.agents}`
      const expected = expectedTypeFailures.find((failure) => failure.agents === setup.agents)
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
    }),
  )
  // One tsc per core: each checks every declaration file (no skipLibCheck), a few seconds apiece.
  const startedAt = performance.now()
  const checked = await inParallel(availableParallelism(), checks)
  console.log(`  (${checked.length} type checks in ${seconds(startedAt)} s)`)
  for (const result of checked) record(result)
}

async function build(): Promise<boolean> {
  console.log('--- vite build')
  const result = await runCommand('node_modules/.bin/vite', ['build', '--logLevel', 'warn'], appDir)
  record({ name: 'vite build', outcome: result.ok ? 'passed' : 'failed', detail: result.output })
  return result.ok
}

async function main(): Promise<void> {
  const startedAt = performance.now()
  await prepareApp()
  await typeCheck()
  if (await build()) {
    const startedAt = performance.now()
    const pages = await runExamplePages(appDir)
    console.log(`--- the built pages in Chromium, against the demo stand-ins (${seconds(startedAt)} s)`)
    for (const result of pages) record(result)
  }

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
