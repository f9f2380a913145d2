/**
 * `npm run bench` (receiver): how fast the receiver answers webhooks with each store, beside a bare
 * `node:http` server that only reads the body and answers (this machine's ceiling for the same
 * sender). Signed webhooks from the official and mobile fixtures, 50 in flight, over loopback; the
 * sender and the tracking-API stand-in run in a child process (`load-client.ts`), the server
 * measured has this one.
 *
 * Timings are noisy on a shared 2-core machine: compare the ratios within one run.
 * PostgreSQL is measured when FINGERPRINT_SEGMENT_TEST_POSTGRES_URL is set (the `bench` script
 * runs through scripts/with-postgres.sh, which starts a throwaway server).
 *
 * Environment: BENCH_WEBHOOKS (default 5000), BENCH_CONCURRENCY (default 50).
 */
import { fork, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { quantile } from '@fingerprint-segment/test-kit'
import type { ClientMessage, ParentMessage } from './load-client'
import { startLoopbackReceiver } from '../support/loopback-receiver'
import { freshPostgresStore } from '../support/postgres-store'

const webhookCount = Number(process.env.BENCH_WEBHOOKS ?? 5000)
const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 50)
const secret = 'bench-secret'

interface Measured {
  name: string
  perSecond: number
  p50: number
  p99: number
  max: number
  notOk: number
  detail: string
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

async function measure(
  client: ChildProcess,
  name: string,
  serverUrl: string,
  awaitDelivery: boolean,
  prefix: string,
): Promise<Measured> {
  client.send({
    kind: 'run',
    serverUrl,
    webhooks: webhookCount,
    concurrency,
    secret,
    prefix,
    awaitDelivery,
  } satisfies ParentMessage)
  const result = await nextMessage(client)
  if (result.kind !== 'result') throw new Error('load client: expected a result')
  const latencies = result.latenciesMs
  return {
    name,
    perSecond: webhookCount / (result.durationMs / 1000),
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    max: Math.max(...latencies),
    notOk: result.notOk,
    detail: awaitDelivery ? `${result.delivered} calls delivered in ${result.batches} batches` : 'answers only',
  }
}

/** A server that only reads the body and answers: the ceiling of this sender on this machine. */
async function startBareServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    request.on('data', () => undefined)
    request.on('end', () => {
      response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"ok"}')
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    async close() {
      server.closeAllConnections()
      server.close()
      await once(server, 'close')
    },
  }
}

async function receiverBench(): Promise<void> {
  const client = fork(fileURLToPath(new URL('./load-client.ts', import.meta.url)), {
    execArgv: ['--conditions=@fingerprint-segment/source', '--import', 'tsx'],
  })
  const results: Measured[] = []
  try {
    const ready = await nextMessage(client)
    if (ready.kind !== 'ready') throw new Error('load client: expected ready')

    const bare = await startBareServer()
    try {
      results.push(await measure(client, 'bare node:http (reads the body, answers)', bare.url, false, 'bare'))
    } finally {
      await bare.close()
    }
    const stores: [string, string | undefined][] = [
      ['receiver, SQLite store', undefined],
      ['receiver, PostgreSQL store', await freshPostgresStore('bench')],
    ]
    for (const [name, store] of stores) {
      if (name.includes('PostgreSQL') && store === undefined) {
        console.log('PostgreSQL: skipped (FINGERPRINT_SEGMENT_TEST_POSTGRES_URL is not set)')
        continue
      }
      const receiver = await startLoopbackReceiver({
        writeKey: ready.writeKey,
        trackingHost: ready.trackingApiUrl,
        settings: { webhookSecrets: [secret] },
        logger: () => undefined,
        ...(store === undefined ? {} : { store }),
      })
      try {
        results.push(await measure(client, name, receiver.url, true, name.includes('SQLite') ? 'sqlite' : 'postgres'))
      } finally {
        await receiver.close()
      }
    }
    client.send({ kind: 'done' } satisfies ParentMessage)
  } finally {
    if (client.exitCode === null) await once(client, 'exit')
  }

  const ceiling = results[0]?.perSecond ?? Number.NaN
  console.log(
    `${webhookCount} signed webhooks per server, concurrency ${concurrency}, loopback; sender and tracking-API stand-in in another process`,
  )
  console.log('| server | webhooks/s | of the bare server | answer p50 | p99 | max | not 200 | delivery |')
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |')
  for (const result of results) {
    console.log(
      `| ${result.name} | ${result.perSecond.toFixed(0)} | ${((result.perSecond / ceiling) * 100).toFixed(0)}% | ${result.p50.toFixed(1)} ms | ${result.p99.toFixed(1)} ms | ${result.max.toFixed(1)} ms | ${result.notOk} | ${result.detail} |`,
    )
    if (result.notOk > 0) process.exitCode = 1
  }
}

await receiverBench()
