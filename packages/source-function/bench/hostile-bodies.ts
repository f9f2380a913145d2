/**
 * What the most hostile webhooks cost the pasteable bundle: bodies up to Segment's 512 KiB limit,
 * each built to make one part of the function work hard (a huge event id, huge or deeply nested
 * tags, huge strings in every field the mapping copies, many keys, many array items), with a full
 * payload, run in the function sandbox as Segment deploys it. Prints the time per webhook of each
 * (the median of its runs), beside what the runtime itself spends parsing that body, and the
 * worst. Four such connections at once must not push a real webhook past Fingerprint's 3 s
 * timeout: the budget is a few milliseconds each, or, for a body whose mere parsing costs more
 * (an object of tens of thousands of keys, which any reader must enumerate), twice that parse.
 */
import type { FunctionSandbox } from '@fingerprint-segment/test-kit'
import { loadAuthenticatedFunction, rebuildStaleBundle } from '@fingerprint-segment/test-kit'
import { projectFixture, withSegmentPayload } from '@fingerprint-segment/test-kit'
import { performance } from 'node:perf_hooks'
import { quantile } from '@fingerprint-segment/test-kit'

/** The worst time per hostile webhook allowed, in milliseconds. */
export const hostileBodyBudgetMs = 5

/** Segment's limit on a Source Function's body, less room for the JSON around the hostile part. */
const roomBytes = 500 * 1024

const fullPayload = {
  anonymousId: 'ajs-anon-1',
  identify: { userId: 'user-1', traits: { email: 'a@example.com' } },
  page: { name: 'Pricing', properties: { plan: 'pro' } },
  track: { event: 'Plan Upgraded', properties: { plan: 'pro' } },
  group: { groupId: 'team-1', traits: { name: 'Team' } },
}

/** A fresh v4 webhook with the full payload, `changes` on top, and `tags` replaced when given. */
function v4Body(changes: Record<string, unknown>, tags?: unknown): Record<string, unknown> {
  const body = withSegmentPayload({ ...projectFixture('v4-browser-full-payload'), timestamp: Date.now() }, fullPayload)
  return tags === undefined ? { ...body, ...changes } : { ...body, ...changes, tags }
}

/** Nested arrays `depth` levels deep, as JSON text (serializing such a value could overflow the stack). */
const nestedArrays = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`

/** The hostile bodies, by what they attack. */
export function hostileBodies(): { name: string; body: string }[] {
  const huge = 'x'.repeat(roomBytes)
  const wide = '€'.repeat(roomBytes / 3)
  const tags = v4Body({}).tags as Record<string, unknown>
  const many = Object.fromEntries(Array.from({ length: 30_000 }, (_, index) => [`k${index}`, index]))
  const eighths = 'y'.repeat(roomBytes / 8)
  const longest = 'z'.repeat(31 * 1024)
  return [
    { name: 'a 500 KiB event id', body: JSON.stringify(v4Body({ event_id: huge })) },
    { name: 'a 500 KiB tag value', body: JSON.stringify(v4Body({}, { ...tags, blob: huge })) },
    { name: 'a tag of 30,000 keys', body: JSON.stringify(v4Body({}, { ...tags, ...many })) },
    {
      name: 'a tag nested 200,000 levels',
      body: JSON.stringify(v4Body({}, { ...tags, deep: 'DEEP' })).replace('"DEEP"', nestedArrays(200_000)),
    },
    {
      name: 'the body nested 200,000 levels outside the tag',
      body: JSON.stringify(v4Body({ raw_device_attributes: 'DEEP' })).replace('"DEEP"', nestedArrays(200_000)),
    },
    { name: '30,000 keys outside the tag', body: JSON.stringify(v4Body({ raw_device_attributes: many })) },
    { name: 'a 500 KiB user agent', body: JSON.stringify(v4Body({ user_agent: huge })) },
    { name: 'a 500 KiB user agent of 3-byte characters', body: JSON.stringify(v4Body({ user_agent: wide })) },
    { name: 'a 500 KiB URL', body: JSON.stringify(v4Body({ url: `https://example.com/${huge}?q=1` })) },
    { name: 'a 500 KiB linked id', body: JSON.stringify(v4Body({ linked_id: huge })) },
    { name: 'a 500 KiB referrer', body: JSON.stringify(v4Body({ client_referrer: huge })) },
    {
      name: 'eight 62 KiB strings in copied fields (each too long for any call)',
      body: JSON.stringify(
        v4Body({
          user_agent: eighths,
          url: `https://example.com/${eighths}`,
          client_referrer: eighths,
          linked_id: eighths,
          ip_address: eighths,
          bot_type: eighths,
          browser_details: { browser_name: eighths, os: eighths },
        }),
      ),
    },
    {
      name: '15,000 triggered_by rules',
      body: JSON.stringify(
        v4Body({ triggered_by: Array.from({ length: 15_000 }, (_, index) => ({ id: `r_${index}`, name: 'n' })) }),
      ),
    },
    {
      name: 'fifteen 31 KiB strings in copied fields (each short enough to be taken)',
      body: JSON.stringify(
        v4Body({
          user_agent: longest,
          url: `https://example.com/${longest.slice(20)}`,
          client_referrer: longest,
          linked_id: longest,
          ip_address: longest,
          bot_type: longest,
          environment_id: longest,
          vpn_origin_timezone: longest,
          vpn_origin_country: longest,
          browser_details: { browser_name: longest, os: longest, os_version: longest, device: longest },
          proxy_details: { proxy_type: longest, provider: longest },
        }),
      ),
    },
  ]
}

/** One hostile body's figures. */
export interface HostileBodyCost {
  name: string
  bytes: number
  /** The median time per webhook in the sandbox, in milliseconds. */
  ms: number
  /** The median time of a `JSON.parse` of the body, in milliseconds: the runtime's own share. */
  parseMs: number
  /** What the function did: how many calls, or the error it threw. */
  outcome: string
}

/** The budget of one hostile body (see the file's comment). */
export function hostileBodyBudget(cost: Pick<HostileBodyCost, 'parseMs'>): number {
  return Math.max(hostileBodyBudgetMs, 2 * cost.parseMs)
}

/** The figures of each hostile body. */
export async function measureHostileBodies(runs = 20): Promise<HostileBodyCost[]> {
  const sandbox: FunctionSandbox = loadAuthenticatedFunction()
  const results: HostileBodyCost[] = []
  for (const { name, body } of hostileBodies()) {
    const prepared = sandbox.prepare({ body }, {})
    const times: number[] = []
    const parses: number[] = []
    let outcome = ''
    for (let run = 0; run < runs; run++) {
      const started = performance.now()
      JSON.parse(body)
      parses.push(performance.now() - started)
      const result = await prepared.run()
      times.push(result.functionMs)
      outcome = result.refused
        ? `refused ${result.refused.status}`
        : result.error
          ? result.error.name
          : `${result.calls.length} calls`
    }
    results.push({
      name,
      bytes: Buffer.byteLength(body),
      ms: quantile(times, 0.5),
      parseMs: quantile(parses, 0.5),
      outcome,
    })
  }
  return results
}

/** `npm run bench`'s lines for the hostile bodies; sets a failing exit code over the budget. */
export async function printHostileBodies(): Promise<void> {
  // The bundle of the current sources, as the tests run it.
  rebuildStaleBundle()
  const results = await measureHostileBodies()
  console.log(
    `hostile bodies up to 512 KiB, in the sandbox (deployed mode): time per webhook (budget ${hostileBodyBudgetMs} ms, or twice the body's JSON.parse when that is longer)`,
  )
  for (const { name, bytes, ms, parseMs, outcome } of results) {
    const refused = outcome.startsWith('refused')
    console.log(
      `  ${name} (${(bytes / 1024).toFixed(0)} KiB): ${refused ? 'refused by the runtime (over 512 KiB)' : `${ms.toFixed(2)} ms (JSON.parse ${parseMs.toFixed(2)} ms), ${outcome}`}`,
    )
  }
  const worst = results.reduce((a, b) => (b.ms > a.ms ? b : a))
  const over = results.filter((cost) => cost.ms > hostileBodyBudget(cost))
  console.log(
    `  worst: ${worst.ms.toFixed(2)} ms (${worst.name}); ${over.length === 0 ? 'every body within budget' : `OVER BUDGET: ${over.map((cost) => cost.name).join(', ')}`}`,
  )
  if (over.length > 0) process.exitCode = 1
}
