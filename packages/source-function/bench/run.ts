/**
 * `pnpm bench`: the self-hosted receiver's load scenario on loopback (2,000 signed webhooks,
 * 50 in flight, forwarded to a local tracking-API stand-in; sender and stand-in run in a child
 * process, `load-client.ts`), then a micro-benchmark of the pure mapping over the fixtures, then
 * the pasteable bundle's cost against `JSON.parse` (`mapping-ratio.ts`) and on hostile bodies
 * (`hostile-bodies.ts`).
 * Prints throughput and latency; stops by itself.
 *
 * Environment: BENCH_WEBHOOKS (default 2000), BENCH_CONCURRENCY (default 50).
 */
import { fork, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { toSegmentCalls } from '../src/to-segment-calls'
import type { ClientMessage, ParentMessage } from './load-client'
import { quantile } from './load-driver'
import { startLoopbackReceiver } from './loopback-receiver'
import { signedWebhooks } from './signed-webhooks'

const webhookCount = Number(process.env.BENCH_WEBHOOKS ?? 2000)
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 50)
const secret = 'bench-secret'

async function receiverLoad(): Promise<void> {
  const client = fork(fileURLToPath(new URL('./load-client.ts', import.meta.url)), { execArgv: ['--import', 'tsx'] })
  try {
    const ready = await nextMessage(client)
    if (ready.kind !== 'ready') throw new Error('load client: expected ready')
    const receiver = await startLoopbackReceiver({
      writeKey: ready.writeKey,
      trackingHost: ready.trackingApiUrl,
      settings: { webhookSecrets: [secret] },
      logger: () => {},
    })
    try {
      client.send({
        kind: 'run',
        receiverUrl: receiver.url,
        webhooks: webhookCount,
        concurrency,
        secret,
      } satisfies ParentMessage)
      const result = await nextMessage(client)
      if (result.kind !== 'result') throw new Error('load client: expected result')
      const seconds = result.durationMs / 1000
      const latencies = result.latenciesMs
      console.log(
        `receiver: ${webhookCount} signed webhooks, concurrency ${concurrency}, loopback; sender and tracking-API stand-in in another process`,
      )
      console.log(
        `  ${(webhookCount / seconds).toFixed(0)} webhooks/s, ${(result.calls / seconds).toFixed(0)} calls/s (${result.calls} calls in ${result.batches} batches, ${result.notOk} webhooks not 200)`,
      )
      console.log(
        `  latency p50 ${quantile(latencies, 0.5).toFixed(1)} ms, p99 ${quantile(latencies, 0.99).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`,
      )
      if (result.notOk > 0) process.exitCode = 1
    } finally {
      await receiver.close()
    }
  } finally {
    if (client.exitCode === null) await once(client, 'exit')
  }
}

function nextMessage(child: ChildProcess): Promise<ClientMessage> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`load client exited (${code}) before answering`))
    child.once('exit', onExit)
    child.once('message', (message) => {
      child.off('exit', onExit)
      resolve(message as ClientMessage)
    })
  })
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
  console.log(
    `  ${((events / elapsedMs) * 1000).toFixed(0)} webhooks/s, ${((calls / elapsedMs) * 1000).toFixed(0)} calls/s, ${((elapsedMs * 1000) / events).toFixed(1)} µs per webhook`,
  )
}

await receiverLoad()
mappingMicroBenchmark()
await (await import('./mapping-ratio')).printMappingRatio()
await (await import('./hostile-bodies')).printHostileBodies()
