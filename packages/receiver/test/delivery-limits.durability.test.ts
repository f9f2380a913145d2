/**
 * What the tracking API refuses or does wrong, end to end through the receiver on both stores,
 * against the stand-in that enforces Segment's limits (Segment's cloud cannot be reached here):
 * nothing counted as delivered that was not, nothing lost, no batch over 500 KB.
 */
import { segmentLimits } from '@fingerprint-segment/source-function/internal'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { sendConcurrently } from '@fingerprint-segment/test-kit'
import { startLoopbackReceiver, type LoopbackReceiver } from '../support/loopback-receiver'
import { signedWebhooks } from '@fingerprint-segment/test-kit'
import type { ReceiverLogEntry } from '../src/lib/receiver-log'
import { openCallStore } from '../src/store/open-call-store'
import { createTestStoreLocation, removeTestStores, testStoreEngines } from './test-stores'
import { startTrackingApiStandIn, type TrackingApiStandIn } from '@fingerprint-segment/test-kit'

const secret = 'limits-secret'
let api: TrackingApiStandIn
const receivers: LoopbackReceiver[] = []

beforeAll(async () => {
  api = await startTrackingApiStandIn()
})
afterEach(async () => {
  api.setMode({ kind: 'up' })
  for (const receiver of receivers.splice(0)) await receiver.close()
})
afterAll(async () => {
  await api.close()
  await removeTestStores()
})

async function start(store: string, logs: ReceiverLogEntry[] = []): Promise<LoopbackReceiver> {
  const receiver = await startLoopbackReceiver({
    writeKey: api.writeKey,
    trackingHost: api.url,
    store,
    settings: { webhookSecrets: [secret] },
    maxRetryDelayMs: 300,
    logger: (entry) => logs.push(entry),
  })
  receivers.push(receiver)
  return receiver
}

async function health(receiver: LoopbackReceiver): Promise<Record<string, unknown>> {
  return (await (await fetch(new URL('/health', receiver.url))).json()) as Record<string, unknown>
}

/** Polls /health (at most 20 s) until `done` holds. */
async function healthWhen(
  receiver: LoopbackReceiver,
  done: (report: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  const started = Date.now()
  for (;;) {
    const report = await health(receiver)
    if (done(report)) return report
    if (Date.now() - started > 20_000) throw new Error(`health never matched: ${JSON.stringify(report)}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

const callsOf = (webhooks: readonly { expectedMessageIds: string[] }[]): string[] =>
  webhooks.flatMap((webhook) => webhook.expectedMessageIds)

describe.each(testStoreEngines)('store: $title', ({ engine, skipReason }) => {
  it.skipIf(skipReason !== undefined)(
    'a tracking API answering 301, 302, 303, 307 or 308: nothing counted delivered, the redirect never followed, all delivered once it answers 2xx',
    { timeout: 60_000 },
    async () => {
      const receiver = await start(await createTestStoreLocation(engine))
      const webhooks = signedWebhooks(40, secret, { prefix: `${engine}-redirected` })
      for (const [index, status] of ([301, 302, 303, 307, 308] as const).entries()) {
        api.setMode({ kind: 'redirecting', status })
        const before = api.requests.length
        const part = webhooks.slice(index * 8, index * 8 + 8)
        expect((await sendConcurrently(receiver.url, part, 8)).answers.every((answer) => answer.status === 200)).toBe(
          true,
        )
        await api.waitFor(() => api.requests.slice(before).some((request) => request.status === status))
      }
      const report = await health(receiver)
      expect(report).toMatchObject({ deadLetters: 0, delivery: { failing: true } })
      expect(report.queued).toBeGreaterThan(0)
      expect(api.redirectFollowers).toBe(0)
      for (const messageId of callsOf(webhooks)) expect(api.events.has(messageId)).toBe(false)

      api.setMode({ kind: 'up' })
      await api.waitFor(() => callsOf(webhooks).every((messageId) => api.events.has(messageId)), 20_000)
      await healthWhen(receiver, (current) => current.queued === 0)
      expect(api.redirectFollowers).toBe(0)
    },
  )

  it.skipIf(skipReason !== undefined)(
    'one call the API refuses (400 for its whole batch): bisected into the dead letters with the reason, every other call delivered',
    { timeout: 60_000 },
    async () => {
      const logs: ReceiverLogEntry[] = []
      const store = await createTestStoreLocation(engine)
      const receiver = await start(store, logs)
      // A bad call in the queue, among good ones: a Track without an event name (the API refuses it).
      api.setMode({ kind: 'failing' })
      const before = signedWebhooks(30, secret, { prefix: `${engine}-before-bad` })
      await sendConcurrently(receiver.url, before, 10)
      const side = await openCallStore(store)
      try {
        await side.enqueue([
          {
            messageId: `fp-${engine}-bad-track`,
            eventId: `${engine}-bad`,
            json: JSON.stringify({ type: 'track', messageId: `fp-${engine}-bad-track`, anonymousId: 'a' }),
          },
        ])
      } finally {
        await side.close()
      }
      const after = signedWebhooks(30, secret, { prefix: `${engine}-after-bad` })
      await sendConcurrently(receiver.url, after, 10)
      api.setMode({ kind: 'up' })

      const good = callsOf([...before, ...after])
      await api.waitFor(() => good.every((messageId) => api.events.has(messageId)), 20_000)
      const report = await healthWhen(receiver, (current) => current.queued === 0)
      expect(report).toMatchObject({ queued: 0, deadLetters: 1 })
      expect(api.events.has(`fp-${engine}-bad-track`)).toBe(false)
      expect(logs).toContainEqual(
        expect.objectContaining({
          event: 'dead-letter',
          messageId: `fp-${engine}-bad-track`,
          message: `the tracking API answered 400: {"error":"track fp-${engine}-bad-track has no event name"}`,
        }),
      )
      const status = await openCallStore(store)
      try {
        expect(await status.deadLetters({}, 5)).toEqual([
          expect.objectContaining({
            messageId: `fp-${engine}-bad-track`,
            type: 'track',
            reason: expect.stringMatching(/400/),
          }),
        ])
      } finally {
        await status.close()
      }
    },
  )

  it.skipIf(skipReason !== undefined)(
    '429 with Retry-After: not retried sooner than asked, nothing lost',
    { timeout: 60_000 },
    async () => {
      const receiver = await start(await createTestStoreLocation(engine))
      api.setMode({ kind: 'rate-limited', retryAfterSeconds: 2 })
      const before = api.requests.length
      const webhooks = signedWebhooks(20, secret, { prefix: `${engine}-limited` })
      await sendConcurrently(receiver.url, webhooks, 10)
      await api.waitFor(() => api.requests.slice(before).some((request) => request.status === 429))
      api.setMode({ kind: 'up' })
      await api.waitFor(() => callsOf(webhooks).every((messageId) => api.events.has(messageId)), 20_000)
      // The first 429 asks for 2 s: the receiver's own backoff (at most 300 ms here) does not shorten
      // it. Requests already on their way when it was answered may still arrive just after it; none
      // may start during the wait.
      const limitedAt = api.requests.slice(before).find((request) => request.status === 429)?.answeredAt ?? 0
      const startedLater = api.requests.slice(before).filter((request) => request.at > limitedAt + 300)
      expect(startedLater.length).toBeGreaterThan(0)
      expect(Math.min(...startedLater.map((request) => request.at)) - limitedAt).toBeGreaterThanOrEqual(1900)
    },
  )

  it.skipIf(skipReason !== undefined)(
    'webhooks with 9-12 KB tags at concurrency 50: every batch within 500 KB, none refused, every call delivered once',
    { timeout: 60_000 },
    async () => {
      const receiver = await start(await createTestStoreLocation(engine))
      // Held back first, so the deliverer meets a full queue of large calls: the batches are as big as they get.
      api.setMode({ kind: 'failing' })
      const largest = api.largestBatchBytes
      const rejections = api.rejections.length
      const webhooks = [9_000, 10_500, 12_000].flatMap((padding) =>
        signedWebhooks(300, secret, { prefix: `${engine}-large-${padding}`, tagPaddingBytes: padding }),
      )
      const run = await sendConcurrently(receiver.url, webhooks, 50)
      expect(run.answers.filter((answer) => answer.status !== 200)).toEqual([])
      const received = api.receivedEvents
      api.setMode({ kind: 'up' })
      await api.waitFor(() => callsOf(webhooks).every((messageId) => api.events.has(messageId)), 30_000)
      expect(api.rejections.slice(rejections)).toEqual([])
      expect(api.largestBatchBytes).toBeLessThanOrEqual(segmentLimits.batchBytes)
      expect(Math.max(largest, api.largestBatchBytes)).toBeGreaterThan(400_000)
      expect(api.receivedEvents - received).toBe(callsOf(webhooks).length)
      expect(await healthWhen(receiver, (current) => current.queued === 0)).toMatchObject({ deadLetters: 0 })
    },
  )
})
