/**
 * `pnpm bench`: the self-hosted receiver's load scenario on loopback (2,000 signed webhooks,
 * 50 in flight, forwarded to a local tracking-API stand-in), then a micro-benchmark of the pure
 * mapping over the fixtures. Prints throughput and latency; stops by itself.
 *
 * Environment: BENCH_WEBHOOKS (default 2000), BENCH_CONCURRENCY (default 50).
 */
import { performance } from 'node:perf_hooks'
import { toSegmentCalls } from '../src/to-segment-calls'
import { startTrackingApiStandIn } from '../test/tracking-api-stand-in'
import { quantile, sendConcurrently } from './load-driver'
import { startLoopbackReceiver } from './loopback-receiver'
import { signedWebhooks } from './signed-webhooks'

const webhookCount = Number(process.env.BENCH_WEBHOOKS ?? 2000)
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 50)
const secret = 'bench-secret'

async function receiverLoad(): Promise<void> {
  const trackingApi = await startTrackingApiStandIn()
  const receiver = await startLoopbackReceiver({
    writeKey: trackingApi.writeKey,
    trackingHost: trackingApi.url,
    settings: { webhookSecret: secret },
    logger: () => {},
    ...(process.env.BENCH_BATCH ? { maxEventsInBatch: Number(process.env.BENCH_BATCH) } : {}),
    ...(process.env.BENCH_FLUSH_MS ? { flushIntervalMs: Number(process.env.BENCH_FLUSH_MS) } : {}),
  })
  try {
    // A short warm-up (JIT, connections), not counted.
    await sendConcurrently(receiver.url, signedWebhooks(200, secret, { prefix: 'warm-up' }), concurrency)
    const webhooks = signedWebhooks(webhookCount, secret, { prefix: 'bench' })
    const eventsBefore = trackingApi.receivedEvents
    const batchesBefore = trackingApi.acceptedBatches
    const run = await sendConcurrently(receiver.url, webhooks, concurrency)
    const failed = run.answers.filter((answer) => answer.status !== 200).length
    const calls = trackingApi.receivedEvents - eventsBefore
    const latencies = run.answers.map((answer) => answer.latencyMs)
    const seconds = run.durationMs / 1000
    console.log(`receiver: ${webhookCount} signed webhooks, concurrency ${concurrency}, loopback, tracking-API stand-in`)
    console.log(`  ${(webhookCount / seconds).toFixed(0)} webhooks/s, ${(calls / seconds).toFixed(0)} calls/s (${calls} calls in ${trackingApi.acceptedBatches - batchesBefore} batches, ${failed} webhooks not 200)`)
    console.log(`  latency p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p99 ${quantile(latencies, 0.99).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`)
    if (failed > 0) process.exitCode = 1
  } finally {
    await receiver.close()
    await trackingApi.close()
  }
}

function mappingMicroBenchmark(): void {
  const bodies = signedWebhooks(500, secret, { prefix: 'map' }).map((webhook) => JSON.parse(webhook.body) as unknown)
  for (const body of bodies) toSegmentCalls(body)
  const rounds = 4
  const started = performance.now()
  let calls = 0
  for (let round = 0; round < rounds; round++) for (const body of bodies) calls += toSegmentCalls(body).calls.length
  const elapsedMs = performance.now() - started
  const events = rounds * bodies.length
  console.log(`toSegmentCalls: ${events} parsed webhooks (official + mobile fixtures)`)
  console.log(`  ${((events / elapsedMs) * 1000).toFixed(0)} webhooks/s, ${((calls / elapsedMs) * 1000).toFixed(0)} calls/s, ${((elapsedMs * 1000) / events).toFixed(1)} µs per webhook`)
}

await receiverLoad()
mappingMicroBenchmark()
