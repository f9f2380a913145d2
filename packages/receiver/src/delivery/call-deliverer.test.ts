/**
 * The deliverer over an SQLite store and the tracking-API stand-in on loopback (which enforces
 * Segment's limits: Segment's cloud cannot be reached here). The receiver's tests run the same
 * scenarios end to end on both stores.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { testCall } from '../../test/call-store-contract'
import { createTestStoreLocation, removeTestStores } from '../../test/test-stores'
import { startTrackingApiStandIn, type TrackingApiStandIn } from '@fingerprint-segment/test-kit'
import type { ReceiverLogEntry } from '../lib/receiver-log'
import { segmentLimits, trackingEndpoint } from '@fingerprint-segment/source-function/internal'
import type { CallStore } from '../store/call-store'
import { openCallStore } from '../store/open-call-store'
import { createCallDeliverer, type CallDeliverer } from './call-deliverer'
import { createTrackingApiClient } from './tracking-api-client'

let api: TrackingApiStandIn
beforeAll(async () => {
  api = await startTrackingApiStandIn()
})
afterAll(async () => {
  await api.close()
  await removeTestStores()
})

const running: { store: CallStore; deliverer: CallDeliverer }[] = []
afterEach(async () => {
  for (const { store, deliverer } of running.splice(0)) {
    await deliverer.stop(0)
    await store.close()
  }
  api.setMode({ kind: 'up' })
})

async function start(options: { maxCallsPerBatch?: number; maxRetryMs?: number } = {}) {
  const store = await openCallStore(await createTestStoreLocation('sqlite'))
  const logs: ReceiverLogEntry[] = []
  const deliverer = createCallDeliverer({
    store,
    postBatch: createTrackingApiClient({ url: trackingEndpoint(api.url).url, writeKey: api.writeKey, timeoutMs: 2000 }),
    maxCallsPerBatch: options.maxCallsPerBatch ?? 100,
    concurrency: 2,
    retry: { baseMs: 50, maxMs: options.maxRetryMs ?? 200 },
    pollIntervalMs: 50,
    gatherMs: 5,
    retentionMs: 7 * 86_400_000,
    expiryIntervalMs: 60_000,
    logger: (entry) => logs.push(entry),
  })
  running.push({ store, deliverer })
  return { store, deliverer, logs }
}

const until = (condition: () => boolean | Promise<boolean>, what: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const started = Date.now()
    const check = async (): Promise<void> => {
      if (await condition()) resolve()
      else if (Date.now() - started > 15_000) reject(new Error(`not within 15 s: ${what}`))
      else setTimeout(() => void check(), 20)
    }
    void check()
  })

describe('createCallDeliverer', () => {
  it('delivers what is stored, in batches within the limits, and marks it delivered', async () => {
    const { store, deliverer } = await start()
    const calls = Array.from({ length: 120 }, (_, index) => testCall(`big${index}`, 'identify', 9000))
    await store.enqueue(calls)
    const before = api.acceptedBatches
    deliverer.start()
    await until(() => calls.every((call) => api.events.has(call.messageId)), 'every call delivered')
    await until(async () => (await store.stats()).queued === 0, 'the queue empty')
    // 9 KB calls: at most 55 in 500 KB, so more batches than 120 / 100.
    expect(api.acceptedBatches - before).toBeGreaterThanOrEqual(3)
    expect(api.largestBatchBytes).toBeLessThanOrEqual(segmentLimits.batchBytes)
    expect(api.rejections).toEqual([])
  })

  it('moves the one call the API refuses to the dead letters, with its reason, and delivers the others', async () => {
    const { store, deliverer, logs } = await start()
    const good = Array.from({ length: 40 }, (_, index) => testCall(`bisect${index}`))
    const bad = {
      ...testCall('bisect-bad', 'track'),
      json: '{"type":"track","messageId":"fp-bisect-bad-track","anonymousId":"a"}',
    }
    await store.enqueue([...good.slice(0, 17), bad, ...good.slice(17)])
    const requestsBefore = api.requests.length
    deliverer.start()
    await until(async () => (await store.stats()).deadLetters === 1, 'a dead letter')
    await until(() => good.every((call) => api.events.has(call.messageId)), 'the good calls delivered')
    expect(api.events.has(bad.messageId)).toBe(false)
    expect(await store.deadLetters(10)).toEqual([
      expect.objectContaining({
        messageId: 'fp-bisect-bad-track',
        reason: 'the tracking API answered 400: {"error":"track fp-bisect-bad-track has no event name"}',
      }),
    ])
    // Bisection of 41 calls: at most 2 * 41 - 1 requests, in fact about 2 * log2(41).
    expect(api.requests.length - requestsBefore).toBeLessThanOrEqual(14)
    expect(logs).toContainEqual(expect.objectContaining({ event: 'dead-letter', messageId: 'fp-bisect-bad-track' }))
    expect(await store.stats()).toMatchObject({ queued: 0 })
  })

  // Run often: the API comes back in the middle of a bisection, and calls refused before must not be lost.
  it('takes an API that refuses everything with 400 as failing: no dead letters, everything kept, delivered once it is back', async () => {
    const { store, deliverer, logs } = await start()
    const calls = Array.from({ length: 10 }, (_, index) => testCall(`proxy${index}`))
    await store.enqueue(calls)
    api.setMode({ kind: 'refusing-everything' })
    const before = api.requests.length
    deliverer.start()
    await until(() => api.requests.length - before >= 40, 'several bisections refused')
    expect(await store.stats()).toMatchObject({ queued: 10, deadLetters: 0 })
    expect(deliverer.state.consecutiveFailures).toBeGreaterThan(0)
    api.setMode({ kind: 'up' })
    await until(() => calls.every((call) => api.events.has(call.messageId)), 'every call delivered')
    expect(await store.stats()).toMatchObject({ queued: 0, deadLetters: 0 })
    expect(logs.filter((entry) => entry.event === 'dead-letter')).toEqual([])
  })

  it('counts nothing as delivered on a redirect, and never follows it', async () => {
    const { store, deliverer } = await start()
    const calls = [testCall('moved1'), testCall('moved2')]
    await store.enqueue(calls)
    api.setMode({ kind: 'redirecting', status: 302 })
    const before = api.requests.length
    deliverer.start()
    await until(() => api.requests.length - before >= 3, 'three redirected attempts')
    expect(await store.stats()).toMatchObject({ queued: 2, deadLetters: 0 })
    expect(api.redirectFollowers).toBe(0)
    expect(deliverer.state.lastFailure).toMatch(/answered 302, a redirect/)
    api.setMode({ kind: 'up' })
    await until(() => calls.every((call) => api.events.has(call.messageId)), 'delivered once the redirect is gone')
  })

  it('waits at least what Retry-After asks before trying again after a 429', async () => {
    const { store, deliverer } = await start({ maxRetryMs: 100 })
    await store.enqueue([testCall('limited')])
    api.setMode({ kind: 'rate-limited', retryAfterSeconds: 1 })
    const before = api.requests.length
    deliverer.start()
    await until(() => api.requests.length - before >= 1, 'the first attempt')
    api.setMode({ kind: 'up' })
    await until(() => api.events.has('fp-limited-identify'), 'delivered after the wait')
    const [limited, next] = api.requests.slice(before)
    expect(limited?.status).toBe(429)
    expect((next?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(1000)
  })

  it('sends no call over 32 KB: it goes to the dead letters at once', async () => {
    const { store, deliverer } = await start()
    await store.enqueue([testCall('huge', 'identify', 40_000), testCall('small')])
    const rejectionsBefore = api.rejections.length
    deliverer.start()
    await until(async () => (await store.stats()).deadLetters === 1, 'a dead letter')
    await until(() => api.events.has('fp-small-identify'), 'the small call delivered')
    expect(api.rejections.slice(rejectionsBefore)).toEqual([])
    expect((await store.deadLetters(1))[0]?.reason).toMatch(
      new RegExp(`over the Tracking API's ${segmentLimits.eventBytes}-byte event limit`),
    )
  })

  it('stop(drainMs) delivers what is waiting first; in an outage it stops at once and keeps everything', async () => {
    const { store, deliverer } = await start()
    deliverer.start()
    const calls = Array.from({ length: 30 }, (_, index) => testCall(`drain${index}`))
    await store.enqueue(calls)
    deliverer.notify()
    await deliverer.stop(5000)
    expect(calls.every((call) => api.events.has(call.messageId))).toBe(true)

    const second = await start()
    second.deliverer.start()
    api.setMode({ kind: 'failing' })
    await second.store.enqueue([testCall('kept-in-outage')])
    second.deliverer.notify()
    const started = Date.now()
    await second.deliverer.stop(10_000)
    expect(Date.now() - started).toBeLessThan(5000)
    expect(await second.store.stats()).toMatchObject({ queued: 1 })
  })
})
