/**
 * `npm run bench` (source-function): the pure mapping alone, the pasteable bundle's cost against
 * `JSON.parse` (`mapping-ratio.ts`), on hostile bodies (`hostile-bodies.ts`), and what each
 * authentication adds to a run (`authentication-cost.ts`). The receiver's load figures are
 * `packages/receiver/bench/run.ts`.
 *
 * Timings are noisy on a shared 2-core machine: compare the ratios within one run.
 */
import { performance } from 'node:perf_hooks'
import { signedWebhooks } from '@fingerprint-segment/test-kit'
import { toSegmentCalls } from '../src/mapping/to-segment-calls'

const secret = 'bench-secret'

function mappingMicroBenchmark(): void {
  const bodies = signedWebhooks(500, secret, { prefix: 'map' }).map((webhook) => JSON.parse(webhook.body) as unknown)
  for (const body of bodies) toSegmentCalls(body)
  const rounds = 4
  const started = performance.now()
  let calls = 0
  for (let round = 0; round < rounds; round++) for (const body of bodies) calls += toSegmentCalls(body).calls.length
  const elapsedMs = performance.now() - started
  const events = rounds * bodies.length
  console.log(`\ntoSegmentCalls: ${events} parsed webhooks (official + mobile fixtures)`)
  console.log(
    `  ${((events / elapsedMs) * 1000).toFixed(0)} webhooks/s, ${((calls / elapsedMs) * 1000).toFixed(0)} calls/s, ${((elapsedMs * 1000) / events).toFixed(1)} µs per webhook`,
  )
}

mappingMicroBenchmark()
await (await import('./mapping-ratio')).printMappingRatio()
await (await import('./hostile-bodies')).printHostileBodies()
await (await import('./authentication-cost')).printAuthenticationCost()
