/**
 * The receiver while the tracking API is down or slow, then back, over loopback HTTP against the
 * local tracking-API stand-in (Segment's cloud cannot be reached from tests). Fingerprint's
 * retry (the same body again, after 5 minutes in real life) is played by re-sending at once.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { postWebhook, sendConcurrently } from '../bench/load-driver'
import { startLoopbackReceiver, type LoopbackReceiver } from '../bench/loopback-receiver'
import { signedWebhooks, type SignedWebhook } from '../bench/signed-webhooks'
import type { WebhookHandlerOptions } from '../src/receiver/create-webhook-handler'
import type { ReceiverLogEntry } from '../src/receiver/receiver-log'
import { startTrackingApiStandIn, type TrackingApiMode, type TrackingApiStandIn } from './tracking-api-stand-in'

const secret = 'faults-test-secret'
const started: { close(): Promise<void> }[] = []

afterEach(async () => {
  for (const server of started.splice(0).reverse()) await server.close()
})

async function setUp(
  options: Partial<WebhookHandlerOptions> = {},
): Promise<{ trackingApi: TrackingApiStandIn; receiver: LoopbackReceiver; logs: ReceiverLogEntry[] }> {
  const trackingApi = await startTrackingApiStandIn()
  started.push(trackingApi)
  const logs: ReceiverLogEntry[] = []
  const receiver = await startLoopbackReceiver({
    writeKey: trackingApi.writeKey,
    trackingHost: trackingApi.url,
    settings: { webhookSecrets: [secret] },
    // Shorter than the default (2500 ms) to keep the test fast, long enough for a loaded CI machine.
    deliveryTimeoutMs: 1500,
    // No retries inside the receiver (their backoff is seconds): Fingerprint's retry alone recovers.
    maxRetries: 0,
    logger: (entry) => logs.push(entry),
    ...options,
  })
  started.push(receiver)
  return { trackingApi, receiver, logs }
}

/** Plays Fingerprint: each webhook answered non-2xx is sent once more; returns the final statuses. */
async function fingerprintRetries(url: string, webhooks: readonly SignedWebhook[]): Promise<number[]> {
  const retried = await sendConcurrently(url, webhooks, 20)
  return retried.answers.map((answer) => answer.status)
}

describe.each<{ outage: TrackingApiMode }>([
  { outage: { kind: 'resetting' } },
  { outage: { kind: 'failing' } },
  { outage: { kind: 'slow', delayMs: 2500 } },
])('tracking API $outage.kind for a while, then back', ({ outage }) => {
  // Generous timeouts: the figures that matter are the statuses and the deliveries, not the time.
  it(
    'answers 503 during the outage, Fingerprint-style retries succeed, every call delivered once',
    { timeout: 30_000 },
    async () => {
      const { trackingApi, receiver, logs } = await setUp()
      const before = signedWebhooks(40, secret, { prefix: `before-${outage.kind}` })
      const during = signedWebhooks(30, secret, { prefix: `during-${outage.kind}` })
      const after = signedWebhooks(40, secret, { prefix: `after-${outage.kind}` })

      const beforeRun = await sendConcurrently(receiver.url, before, 20)
      expect(new Set(beforeRun.answers.map((answer) => answer.status))).toEqual(new Set([200]))

      trackingApi.setMode(outage)
      const duringRun = await sendConcurrently(receiver.url, during, 30)
      expect(new Set(duringRun.answers.map((answer) => answer.status))).toEqual(new Set([503]))
      if (outage.kind !== 'slow') expect(trackingApi.refusedBatches).toBeGreaterThan(0)
      expect(logs.filter((entry) => entry.event === 'webhook' && entry.status === 503)).toHaveLength(during.length)

      trackingApi.setMode({ kind: 'up' })
      const afterRun = await sendConcurrently(receiver.url, after, 20)
      expect(new Set(afterRun.answers.map((answer) => answer.status))).toEqual(new Set([200]))
      expect(await fingerprintRetries(receiver.url, during)).toEqual(during.map(() => 200))

      // A slow tracking API accepts the outage's calls late, after their 503: the retry sends them
      // again, and messageId deduplication keeps one of each.
      const expected = [...before, ...during, ...after].flatMap((webhook) => webhook.expectedMessageIds)
      await receiver.handler.close()
      expect([...trackingApi.events.keys()].sort()).toEqual([...expected].sort())
      if (outage.kind === 'slow') expect(trackingApi.receivedEvents).toBeGreaterThan(expected.length)
      else expect(trackingApi.receivedEvents).toBe(expected.length)
    },
  )
})

describe('graceful shutdown', () => {
  it('answers the webhooks in flight, refuses new ones with 503, then flushes', { timeout: 30_000 }, async () => {
    const { trackingApi, receiver } = await setUp({ deliveryTimeoutMs: 2000 })
    trackingApi.setMode({ kind: 'slow', delayMs: 200 })
    const webhooks = signedWebhooks(10, secret, { prefix: 'shutdown' })
    const inFlight = Promise.all(webhooks.map((webhook) => postWebhook(receiver.url, webhook)))
    await trackingApi.waitFor(() => receiver.handler.inFlight === webhooks.length)

    const closed = receiver.handler.close()
    const [late] = signedWebhooks(1, secret, { prefix: 'late' })
    if (!late) throw new Error('no webhook')
    const lateAnswer = await postWebhook(receiver.url, late)
    const health = await fetch(new URL('/health', receiver.url))

    expect(lateAnswer.status).toBe(503)
    expect(health.status).toBe(503)
    expect((await inFlight).map((answer) => answer.status)).toEqual(webhooks.map(() => 200))
    await closed
    expect(receiver.handler.inFlight).toBe(0)
    expect(trackingApi.events.size).toBe(webhooks.flatMap((webhook) => webhook.expectedMessageIds).length)
  })
})
