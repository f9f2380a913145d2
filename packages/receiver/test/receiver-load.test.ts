/**
 * The receiver under load, over loopback HTTP, against the local tracking-API stand-in
 * (Segment's cloud cannot be reached from tests). Throughput and latency are measured by
 * `npm run bench`, not asserted here.
 */
import { segmentLimits } from '@fingerprint-segment/source-function/internal'
import { describe, expect, it } from 'vitest'
import { signedWebhooks, type SignedWebhook } from '@fingerprint-segment/test-kit'
import { signWebhookBody } from '@fingerprint-segment/source-function'
import { sendConcurrently } from '@fingerprint-segment/test-kit'
import { useReceiverOnLoopback } from './receiver-on-loopback'

const secret = 'load-test-secret'
const loopback = useReceiverOnLoopback(secret)

describe('receiver under load', () => {
  // Generous timeouts: speed is measured by `npm run bench`, this checks what is delivered.
  it(
    '2,000 signed webhooks at concurrency 50: every one 200, every call stored and delivered exactly once',
    { timeout: 60_000 },
    async () => {
      const webhooks = signedWebhooks(2000, secret, { prefix: 'load' })
      const run = await sendConcurrently(loopback.receiver.url, webhooks, 50)
      // On a very loaded machine a webhook may pass the answer deadline: it gets 503 and Fingerprint
      // sends it again, as here. Nothing else than 200 or 503 is acceptable.
      expect(run.answers.filter((answer) => answer.status !== 200 && answer.status !== 503)).toEqual([])
      const retried = await sendConcurrently(
        loopback.receiver.url,
        run.answers.filter((answer) => answer.status === 503).map((answer) => answer.webhook),
        50,
      )
      expect(retried.answers.filter((answer) => answer.status !== 200)).toEqual([])

      const expected = webhooks.flatMap((webhook) => webhook.expectedMessageIds)
      expect(expected.length).toBeGreaterThan(4000)
      await loopback.trackingApi.waitFor(() => loopback.trackingApi.events.size >= expected.length, 30_000)
      expect([...loopback.trackingApi.events.keys()].sort()).toEqual([...expected].sort())
      // Stored once each, so sent once each (a 503 retried stores nothing twice either).
      expect(loopback.trackingApi.receivedEvents).toBe(expected.length)
      expect(loopback.trackingApi.largestBatchBytes).toBeLessThanOrEqual(segmentLimits.batchBytes)
      expect(loopback.logs.filter((entry) => entry.event === 'webhook' && entry.status === 200)).toHaveLength(
        2000 + retried.answers.length,
      )
    },
  )

  it(
    'bad bodies and bad signatures mixed into the load: each refused with its 4xx, nothing of theirs forwarded',
    { timeout: 60_000 },
    async () => {
      const before = loopback.trackingApi.receivedEvents
      const good = signedWebhooks(300, secret, { prefix: 'mixed-good' })
      const forged = signedWebhooks(100, 'not-the-secret', { prefix: 'mixed-forged' })
      const unsigned = signedWebhooks(50, secret, { prefix: 'mixed-unsigned' }).map((webhook) => ({
        ...webhook,
        headers: { 'Content-Type': 'application/json' },
      }))
      const tampered = signedWebhooks(50, secret, { prefix: 'mixed-tampered' }).map((webhook) => ({
        ...webhook,
        body: webhook.body.replace('Device Identified', 'Device IdentifieD'),
      }))
      const notFingerprint = Array.from({ length: 50 }, (_, index) =>
        signedBody(JSON.stringify({ hello: index }), 'mixed-shape'),
      )
      const notJson = Array.from({ length: 50 }, (_, index) =>
        signedBody(`{"requestId": "1708102555327.json${index}"`, 'mixed-json'),
      )
      const stale = signedWebhooks(50, secret, { prefix: 'mixed-stale', now: Date.now() - 2 * 3600_000 })
      const all = interleave([good, forged, unsigned, tampered, notFingerprint, notJson, stale])

      const run = await sendConcurrently(loopback.receiver.url, all, 50)
      const statusOf = (prefix: string): number[] => [
        ...new Set(run.answers.filter((a) => a.webhook.batch === prefix).map((a) => a.status)),
      ]

      // Good ones: 200, or 503 past the deadline on a loaded machine, then 200 on Fingerprint's retry.
      expect(statusOf('mixed-good').filter((status) => status !== 200 && status !== 503)).toEqual([])
      const retried = await sendConcurrently(
        loopback.receiver.url,
        run.answers.filter((answer) => answer.status === 503).map((answer) => answer.webhook),
        50,
      )
      expect(retried.answers.filter((answer) => answer.status !== 200)).toEqual([])
      expect(statusOf('mixed-forged')).toEqual([401])
      expect(statusOf('mixed-unsigned')).toEqual([401])
      expect(statusOf('mixed-tampered')).toEqual([401])
      expect(statusOf('mixed-shape')).toEqual([400])
      expect(statusOf('mixed-json')).toEqual([400])
      expect(statusOf('mixed-stale')).toEqual([400])
      const goodCalls = good.flatMap((webhook) => webhook.expectedMessageIds)
      await loopback.trackingApi.waitFor(() =>
        goodCalls.every((messageId) => loopback.trackingApi.events.has(messageId)),
      )
      expect(loopback.trackingApi.receivedEvents - before).toBe(goodCalls.length)
      // Only the good webhooks' calls were forwarded (the first test's load batch before them).
      const batchOfEvent = new Map(all.map((webhook) => [webhook.eventId, webhook.batch]))
      const batchOf = (eventId: string): string =>
        batchOfEvent.get(eventId) ?? (/\.load[0-9]{6}$/.test(eventId) ? 'load' : `unknown ${eventId}`)
      const forwardedBatches = new Set(
        [...loopback.trackingApi.events.keys()].map((messageId) =>
          batchOf(messageId.replace(/^fp-(.*)-[a-z]+$/, '$1')),
        ),
      )
      expect([...forwardedBatches].sort()).toEqual(['load', 'mixed-good'])
    },
  )
})

function signedBody(body: string, batch: string): SignedWebhook {
  return {
    body,
    eventId: `${batch}-not-an-event`,
    batch,
    headers: { 'Content-Type': 'application/json', 'FPJS-Event-Signature': signWebhookBody(body, secret) },
    expectedMessageIds: [],
  }
}

/** One of each list in turn, so every kind of request is in flight together. */
function interleave<T>(lists: readonly (readonly T[])[]): T[] {
  const result: T[] = []
  const longest = Math.max(...lists.map((list) => list.length))
  for (let index = 0; index < longest; index++)
    for (const list of lists) if (index < list.length) result.push(list[index] as T)
  return result
}
