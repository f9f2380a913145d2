/**
 * What each way of authenticating webhooks adds to a Source Function's run, which Segment bills
 * by execution time: the BUILT bundle in the sandbox's deployed mode, one v4 webhook with
 * Identify, Page, Track and Group, the function's own time per run (`PreparedRun.functionMs`).
 *
 * - no authentication (`acceptUnauthenticatedWebhooks`): the baseline;
 * - `webhookToken`: one constant-time comparison of the URL's token;
 * - `fingerprintServerApiKey`: one `GET /v4/events/{id}` to Fingerprint's Server API, played by a
 *   local stand-in on loopback that answers after a chosen latency (0 ms: the work of the lookup
 *   itself, a second reading and mapping; 80 ms: a plausible same-region HTTPS round trip, kept-alive
 *   connection). The real figure is the Server API's latency as seen from Segment's region.
 */
import { performance } from 'node:perf_hooks'
import type { PreparedRun } from '@fingerprint-segment/test-kit'
import { loadBuiltFunction, testWebhookToken, rebuildStaleBundle } from '@fingerprint-segment/test-kit'
import { projectFixture } from '@fingerprint-segment/test-kit'
import { startServerApiStandIn } from '@fingerprint-segment/test-kit'
import { quantile } from '@fingerprint-segment/test-kit'

const tokenUrl = `https://fn.segmentapis.com/?b=ZmluZ2VycHJpbnQtc2VnbWVudA&token=${testWebhookToken}`

/** The function's own time of `count` runs, after `warmUp` runs; each must make `calls` calls. */
async function functionTimes(prepared: PreparedRun, count: number, warmUp: number): Promise<number[]> {
  const times: number[] = []
  let calls: number | undefined
  for (let index = 0; index < warmUp + count; index++) {
    const result = await prepared.run()
    if (result.error) throw new Error(`the function failed: ${result.error.message}`)
    calls ??= result.calls.length
    if (result.calls.length !== calls || calls === 0) throw new Error(`the function made ${result.calls.length} calls`)
    if (index >= warmUp) times.push(result.functionMs)
  }
  return times
}

export async function printAuthenticationCost(): Promise<void> {
  rebuildStaleBundle()
  const api = await startServerApiStandIn()
  try {
    const event = {
      ...projectFixture('v4-browser-full-payload'),
      event_id: `${Date.now()}.costs1`,
      timestamp: Date.now(),
    }
    api.store(event)
    const body = JSON.stringify(event)
    const sandbox = loadBuiltFunction({ fetch: api.fetch })
    const rows: [string, PreparedRun, number, number][] = [
      [
        'none (acceptUnauthenticatedWebhooks)',
        sandbox.prepare({ body }, { acceptUnauthenticatedWebhooks: true }),
        400,
        100,
      ],
      ['webhookToken', sandbox.prepare({ body, url: tokenUrl }, { webhookToken: testWebhookToken }), 400, 100],
      [
        'fingerprintServerApiKey, API answering at once',
        sandbox.prepare({ body }, { fingerprintServerApiKey: api.secretKey }),
        200,
        50,
      ],
    ]
    console.log(
      "\nauthentication: the function's own time per webhook (what Segment bills), deployed mode, one v4 webhook with 4 calls",
    )
    console.log('| authentication | median | p90 | added to the median |')
    console.log('| --- | --- | --- | --- |')
    let baseline = Number.NaN
    const print = (name: string, times: number[]): void => {
      const median = quantile(times, 0.5)
      if (Number.isNaN(baseline)) baseline = median
      console.log(
        `| ${name} | ${median.toFixed(3)} ms | ${quantile(times, 0.9).toFixed(3)} ms | ${(median - baseline).toFixed(3)} ms |`,
      )
    }
    for (const [name, prepared, count, warmUp] of rows) print(name, await functionTimes(prepared, count, warmUp))
    api.setLatency(80)
    const started = performance.now()
    const slow = sandbox.prepare({ body }, { fingerprintServerApiKey: api.secretKey })
    print('fingerprintServerApiKey, API answering in 80 ms', await functionTimes(slow, 30, 5))
    console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s for the 80 ms rows)`)
  } finally {
    await api.close()
  }
}
