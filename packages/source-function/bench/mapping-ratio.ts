/**
 * What handling one webhook costs in the pasteable bundle, against a bare `JSON.parse` of the same
 * body: the built bundle runs in the function sandbox as Segment deploys it (`deployed` mode: the
 * body already parsed, keys sorted), on a webhook with a full payload (Identify, Page, Track,
 * Group), with the default settings and a fresh timestamp. The request is built once (that is the
 * runtime's work, done before the function runs); each run times `onRequest` alone, calls on
 * `Segment` included. Parses and runs are interleaved round by round, so a load that changes during
 * the benchmark weighs on both; each figure is the fastest round's (the one least disturbed by
 * other processes: on a shared machine the medians drift with the neighbours' load).
 *
 * Budget (issue 11): at most 1.5 times the parse, aim 1.3.
 */
import { performance } from 'node:perf_hooks'
import type { PreparedRun } from '@fingerprint-segment/test-kit'
import { loadAuthenticatedFunction, rebuildStaleBundle } from '@fingerprint-segment/test-kit'
import { projectFixture } from '@fingerprint-segment/test-kit'

/** The budget of the ratio, and what to aim for. */
export const mappingRatioBudget = 1.5
export const mappingRatioAim = 1.3

export interface MappingRatio {
  /** Time of one run of the function in the fastest round, in microseconds. */
  functionUs: number
  /** Time of one `JSON.parse` of the same body in the fastest round, in microseconds. */
  parseUs: number
  /** `functionUs / parseUs`. */
  ratio: number
  /** The number of calls one run made. */
  calls: number
}

export interface RatioOptions {
  /** Rounds of interleaved measurement. @default 100 */
  rounds?: number
  /** Parses and runs per round. @default 100 */
  perRound?: number
}

/** A project fixture with a fresh timestamp (the default 30-minute age limit stays on). */
export function freshFullPayloadBody(name: 'v3-browser-full-payload' | 'v4-browser-full-payload'): string {
  const body = projectFixture(name)
  const now = Date.now()
  if ('event_id' in body) body.timestamp = now
  else Object.assign(body, { timestamp: now, time: new Date(now).toISOString() })
  return JSON.stringify(body)
}

let sink = 0
const { min } = Math

/** Times `count` parses of `body`, in milliseconds. */
function timeParses(body: string, count: number): number {
  const started = performance.now()
  for (let index = 0; index < count; index++) sink += (JSON.parse(body) as { timestamp: number }).timestamp & 1
  return performance.now() - started
}

/** Times `count` runs, in milliseconds of the function's own time; checks each made `calls` calls. */
async function timeRuns(prepared: PreparedRun, count: number, calls: number): Promise<number> {
  let total = 0
  for (let index = 0; index < count; index++) {
    const result = await prepared.run()
    if (result.error || result.calls.length !== calls)
      throw new Error(`the function failed: ${result.error?.message ?? `${result.calls.length} calls`}`)
    total += result.functionMs
  }
  return total
}

/** Measures the ratio for one body (see the file's comment). */
export async function measureMappingRatio(body: string, options: RatioOptions = {}): Promise<MappingRatio> {
  const rounds = options.rounds ?? 100
  const perRound = options.perRound ?? 100
  const prepared = loadAuthenticatedFunction().prepare({ body }, {})
  const first = await prepared.run()
  if (first.error) throw new Error(`the function failed: ${first.error.message}`)
  const calls = first.calls.length
  // Warm-up: both paths optimized before anything is counted.
  timeParses(body, perRound * 5)
  await timeRuns(prepared, perRound * 5, calls)
  let functionUs = Infinity
  let parseUs = Infinity
  for (let round = 0; round < rounds; round++) {
    parseUs = min(parseUs, (timeParses(body, perRound) * 1000) / perRound)
    functionUs = min(functionUs, ((await timeRuns(prepared, perRound, calls)) * 1000) / perRound)
  }
  if (sink < 0) console.log(sink)
  return { functionUs, parseUs, ratio: functionUs / parseUs, calls }
}

/** `npm run bench`'s lines for the ratio, v3 and v4; sets a failing exit code over the budget. */
export async function printMappingRatio(): Promise<void> {
  // The bundle of the current sources, as the tests run it.
  rebuildStaleBundle()
  console.log(
    `sandbox (deployed mode) / JSON.parse, one webhook with Identify, Page, Track and Group (budget ${mappingRatioBudget}x, aim ${mappingRatioAim}x)`,
  )
  for (const name of ['v3-browser-full-payload', 'v4-browser-full-payload'] as const) {
    const body = freshFullPayloadBody(name)
    const measured = await measureMappingRatio(body)
    const verdict = measured.ratio <= mappingRatioBudget ? 'within budget' : 'OVER BUDGET'
    console.log(
      `  ${name.slice(0, 2)} (${body.length} bytes, ${measured.calls} calls): ${measured.functionUs.toFixed(1)} µs per webhook vs ${measured.parseUs.toFixed(1)} µs JSON.parse: ${measured.ratio.toFixed(2)}x, ${verdict}`,
    )
    if (measured.ratio > mappingRatioBudget) process.exitCode = 1
  }
}
