/**
 * The receiver never loses an answered webhook, on both stores: the BUILT command in child
 * processes on loopback, the tracking-API stand-in (Segment's cloud cannot be reached here) going
 * down, failing, hanging and rate-limiting, receivers killed with SIGKILL mid-outage and mid-batch.
 *
 * The outage lasts FINGERPRINT_SEGMENT_OUTAGE_SECONDS (20 here; `npm run soak` runs minutes).
 */
import { segmentLimits } from '@fingerprint-segment/source-function/internal'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { sendConcurrently } from '@fingerprint-segment/test-kit'
import { runOutageScenario } from '../support/outage-scenario'
import { signedWebhooks } from '@fingerprint-segment/test-kit'
import { killReceiverProcesses, startReceiverProcess, type ReceiverProcess } from '../support/receiver-process'
import { createTestStoreLocation, removeTestStores, testStoreEngines } from './test-stores'
import { startTrackingApiStandIn, type TrackingApiStandIn } from '@fingerprint-segment/test-kit'

const secret = 'durability-secret'
const outageSeconds = Number(process.env.FINGERPRINT_SEGMENT_OUTAGE_SECONDS ?? 20)
/** Settings that keep the test short: quick retries, a short wait on a hanging API. */
const quickRetries = { RECEIVER_MAX_RETRY_DELAY_MS: '1000', RECEIVER_TRACKING_TIMEOUT_MS: '2000' }

let api: TrackingApiStandIn
beforeAll(async () => {
  api = await startTrackingApiStandIn()
})
afterEach(async () => {
  await killReceiverProcesses()
  api.setMode({ kind: 'up' })
})
afterAll(async () => {
  await api.close()
  await removeTestStores()
})

function start(store: string, env: Record<string, string> = {}): Promise<ReceiverProcess> {
  return startReceiverProcess({
    store,
    trackingApiUrl: api.url,
    writeKey: api.writeKey,
    webhookSecret: secret,
    env: { ...quickRetries, ...env },
    liveHeapProbe: true,
  })
}

/** The receiver's /health once `done` holds for it (polled, at most 20 s: the store settles a batch after its answer). */
async function healthOnce(
  receiver: ReceiverProcess,
  done: (health: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  const started = Date.now()
  for (;;) {
    const health = (await (await fetch(new URL('/health', receiver.url))).json()) as Record<string, unknown>
    if (done(health) || Date.now() - started > 20_000) return health
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

/** Every expected call accepted by the tracking API (bounded wait). */
async function allDelivered(messageIds: readonly string[], timeoutMs = 60_000): Promise<void> {
  await api.waitFor(() => messageIds.every((messageId) => api.events.has(messageId)), timeoutMs)
}

describe.each(testStoreEngines)('store: $title', ({ engine, skipReason }) => {
  it.skipIf(skipReason !== undefined)(
    `an outage of ${outageSeconds} s while webhooks arrive: every webhook answered 200, memory flat, every call delivered once it is back`,
    { timeout: (outageSeconds + 240) * 1000 },
    async () => {
      const receiver = await start(await createTestStoreLocation(engine))
      const result = await runOutageScenario({
        receiver,
        trackingApi: api,
        secret,
        prefix: `${engine}-outage`,
        outageMs: outageSeconds * 1000,
        warmUpMs: 10_000,
        webhooksPerSecond: 150,
        tagPaddingBytes: 12_000,
        phases: [
          { kind: 'resetting' },
          { kind: 'failing' },
          { kind: 'hanging' },
          { kind: 'rate-limited', retryAfterSeconds: 1 },
        ],
        deliveryTimeoutMs: 90_000,
      })
      console.log(`outage (${engine}, ${outageSeconds} s): ${JSON.stringify(result)}`)

      expect(result.statuses).toEqual({ 200: result.webhooks })
      // Fingerprint's deadline is 3 s; the receiver answers once the calls are committed.
      expect(result.latencyMs.max).toBeLessThan(3000)
      expect(result.deliveredCalls).toBe(result.expectedCalls)
      // Stored once, sent once: nothing counted delivered by the API during the outage was resent.
      expect(result.receivedCalls).toBe(result.expectedCalls)
      expect(result.largestBatchBytes).toBeLessThanOrEqual(segmentLimits.batchBytes)
      // The queue waited on disk, not in memory. A queue in memory adds at least the size of the
      // calls it holds to the live JS heap (measured right after a full garbage collection), as
      // objects several times that: it may grow by less than a quarter of it. The resident size moves
      // with more than the queue (the garbage collector's reserve, which Node 24 keeps larger;
      // SQLite's page caches, 16 MB a connection; the webhooks waiting on a slow PostgreSQL commit),
      // so it only bounds a gross leak.
      expect(result.liveHeapMb.endOfOutage - result.liveHeapMb.before).toBeLessThan(result.queuedMb * 0.25)
      expect(result.rssEndGrowthMb).toBeLessThan(result.queuedMb * 3)
    },
  )

  it.skipIf(skipReason !== undefined)(
    'SIGKILL mid-outage and mid-batch, restart on the same store: every call of every answered webhook delivered',
    { timeout: 60_000 },
    async () => {
      const store = await createTestStoreLocation(engine)
      const first = await start(store)
      api.setMode({ kind: 'failing' })
      const during = signedWebhooks(200, secret, { prefix: `${engine}-killed` })
      const answers = await sendConcurrently(first.url, during, 20)
      expect(answers.answers.filter((answer) => answer.status !== 200)).toEqual([])

      // A batch in flight when the process dies: the API hangs, the receiver waits on it.
      api.setMode({ kind: 'hanging' })
      await api.waitFor(() => api.hangingRequests > 0, 20_000)
      await first.kill()

      api.setMode({ kind: 'up' })
      const second = await start(store)
      const after = signedWebhooks(50, secret, { prefix: `${engine}-after-restart` })
      expect((await sendConcurrently(second.url, after, 10)).answers.every((answer) => answer.status === 200)).toBe(
        true,
      )
      const expected = [...during, ...after].flatMap((webhook) => webhook.expectedMessageIds)
      await allDelivered(expected)
      expect(await healthOnce(second, (health) => health.queued === 0)).toMatchObject({ queued: 0, deadLetters: 0 })
      await second.stop()
    },
  )
})

const postgresEngine = testStoreEngines.find((candidate) => candidate.engine === 'postgres')

describe(`several receivers on one store: ${postgresEngine?.title ?? 'postgres'}`, () => {
  it.skipIf(postgresEngine?.skipReason !== undefined)(
    'two receivers on one PostgreSQL database: one killed mid-batch, the other delivers everything',
    { timeout: 60_000 },
    async () => {
      const store = await createTestStoreLocation('postgres')
      const [a, b] = await Promise.all([start(store), start(store)])
      api.setMode({ kind: 'hanging' })
      const toA = signedWebhooks(150, secret, { prefix: 'pg-two-a' })
      const toB = signedWebhooks(150, secret, { prefix: 'pg-two-b' })
      const [answersA, answersB] = await Promise.all([
        sendConcurrently(a.url, toA, 20),
        sendConcurrently(b.url, toB, 20),
      ])
      expect([...answersA.answers, ...answersB.answers].every((answer) => answer.status === 200)).toBe(true)
      // Both hold claims on hanging batches; A dies with its rows locked.
      await api.waitFor(() => api.hangingRequests >= 2, 20_000)
      await a.kill()

      api.setMode({ kind: 'up' })
      const later = signedWebhooks(50, secret, { prefix: 'pg-two-later' })
      expect((await sendConcurrently(b.url, later, 10)).answers.every((answer) => answer.status === 200)).toBe(true)
      await allDelivered([...toA, ...toB, ...later].flatMap((webhook) => webhook.expectedMessageIds))
      expect(await healthOnce(b, (health) => health.queued === 0)).toMatchObject({ queued: 0, deadLetters: 0 })
      await b.stop()
    },
  )
})
