/**
 * The deliverer's scheduling on manual time (no real wait anywhere): an in-memory store that keeps
 * the stores' contract, and a scripted Tracking API. The same behaviour end to end, over HTTP with
 * both real stores: test/receiver-delivery-limits.test.ts and the durability project.
 */
import { createManualTime, type ManualTime } from '@fingerprint-segment/test-kit'
import { segmentLimits } from '@fingerprint-segment/source-function/internal'
import { afterEach, describe, expect, it } from 'vitest'
import { testCall } from '../../test/call-store-contract'
import { openInMemoryCallStore, type InMemoryCallStore } from '../../test/in-memory-call-store'
import { scriptedTrackingApi, type ScriptedTrackingApi } from '../../test/scripted-tracking-api'
import type { ReceiverLogEntry } from '../lib/receiver-log'
import { createStoreCondition, type StoreCondition } from '../store/store-condition'
import { StoreCorruptError } from '../store/store-errors'
import { watchCallStore } from '../store/watched-call-store'
import { createCallDeliverer, type CallDeliverer } from './call-deliverer'

const day = 86_400_000

interface Harness {
  time: ManualTime
  raw: InMemoryCallStore
  condition: StoreCondition
  api: ScriptedTrackingApi
  deliverer: CallDeliverer
  logs: ReceiverLogEntry[]
}

const running: Harness[] = []
afterEach(async () => {
  for (const harness of running.splice(0)) {
    const stopped = harness.deliverer.stop(0)
    await harness.time.advance(1000)
    await stopped
  }
})

let stores = 0
function start(options: { maxCallsPerBatch?: number; retentionMs?: number } = {}): Harness {
  const time = createManualTime()
  const raw = openInMemoryCallStore(`deliverer-${process.pid}-${stores++}`, time.clock.now)
  const condition = createStoreCondition()
  const api = scriptedTrackingApi(time.clock.now)
  const logs: ReceiverLogEntry[] = []
  const deliverer = createCallDeliverer({
    store: watchCallStore(raw, { condition, clock: time.clock }),
    condition,
    postBatch: api.postBatch,
    maxCallsPerBatch: options.maxCallsPerBatch ?? 100,
    concurrency: 2,
    retry: { baseMs: 500, maxMs: 30_000 },
    pollIntervalMs: 500,
    gatherMs: 20,
    retentionMs: options.retentionMs ?? 7 * day,
    purgeIntervalMs: 3_600_000,
    logger: (entry) => logs.push(entry),
    time,
    random: () => 0.999_999,
  })
  const harness = { time, raw, condition, api, deliverer, logs }
  running.push(harness)
  return harness
}

const queued = async (harness: Harness): Promise<number> => (await harness.raw.stats()).queued

describe('createCallDeliverer', () => {
  it('delivers what is stored, in batches within the limits, and marks it delivered', async () => {
    const harness = start()
    const calls = Array.from({ length: 120 }, (_, index) => testCall(`big${index}`, 'identify', 9000))
    await harness.raw.enqueue(calls)
    harness.deliverer.start()
    await harness.time.advanceUntil(async () => (await queued(harness)) === 0, 10_000, 'the queue empty')
    expect([...harness.api.delivered].sort()).toEqual(calls.map((call) => call.messageId).sort())
    // 9 KB calls: at most 55 in 500 KB, so more batches than 120 / 100.
    expect(harness.api.requests.length).toBeGreaterThanOrEqual(3)
    expect(Math.max(...harness.api.requests.map((request) => request.bytes))).toBeLessThanOrEqual(
      segmentLimits.batchBytes,
    )
    expect(harness.deliverer.state).toMatchObject({ delivered: 120, deadLettered: 0, consecutiveFailures: 0 })
  })

  it('moves the one call the API refuses to the dead letters, with its reason, and delivers the others', async () => {
    const harness = start()
    const good = Array.from({ length: 40 }, (_, index) => testCall(`bisect${index}`))
    const bad = { ...testCall('bisect-bad', 'track') }
    await harness.raw.enqueue([...good.slice(0, 17), bad, ...good.slice(17)])
    harness.deliverer.start()
    await harness.time.advanceUntil(async () => (await queued(harness)) === 0, 10_000, 'the queue empty')
    expect(await harness.raw.deadLetters({}, 10)).toEqual([
      expect.objectContaining({
        messageId: bad.messageId,
        reason: 'the tracking API answered 400: a track has no event name',
      }),
    ])
    expect(harness.api.delivered.size).toBe(40)
    expect(harness.api.requests.length).toBeLessThanOrEqual(14)
    expect(harness.logs).toContainEqual(expect.objectContaining({ event: 'dead-letter', messageId: bad.messageId }))
  })

  it('takes an API that refuses everything as failing: no dead letters, everything delivered once it is back', async () => {
    const harness = start()
    const calls = Array.from({ length: 10 }, (_, index) => testCall(`proxy${index}`))
    await harness.raw.enqueue(calls)
    harness.api.mode = { kind: 'refusing-everything' }
    harness.deliverer.start()
    await harness.time.advanceUntil(() => harness.api.requests.length >= 40, 120_000, 'several bisections refused')
    expect(await harness.raw.stats()).toMatchObject({ queued: 10, deadLetters: 0 })
    expect(harness.deliverer.state.consecutiveFailures).toBeGreaterThan(0)
    harness.api.mode = { kind: 'up' }
    await harness.time.advanceUntil(async () => (await queued(harness)) === 0, 60_000, 'the queue empty')
    expect(harness.api.delivered.size).toBe(10)
    expect(harness.logs.filter((entry) => entry.event === 'dead-letter')).toEqual([])
  })

  it('backs off exponentially while the API fails, on its own clock, and never sooner than a Retry-After', async () => {
    const harness = start()
    await harness.raw.enqueue([testCall('backoff')])
    harness.api.mode = { kind: 'failing' }
    harness.deliverer.start()
    await harness.time.advanceUntil(() => harness.api.requests.length >= 7, 120_000, 'seven tries')
    const gaps = harness.api.requests
      .slice(1)
      .map((request, index) => request.at - (harness.api.requests[index]?.at ?? 0))
    // random 0.999999: the whole of base * 2^(n-1), up to 30 s.
    expect(gaps).toEqual([500, 1000, 2000, 4000, 8000, 16_000])
    harness.api.mode = { kind: 'rate-limited', retryAfterMs: 120_000 }
    await harness.time.advanceUntil(() => harness.api.requests.length >= 8, 60_000, 'the eighth try')
    const limitedAt = harness.api.requests[7]?.at ?? 0
    harness.api.mode = { kind: 'up' }
    await harness.time.advanceUntil(() => harness.api.delivered.has('fp-backoff-identify'), 200_000, 'delivered')
    expect((harness.api.requests[8]?.at ?? 0) - limitedAt).toBe(120_000)
    expect(harness.logs).toContainEqual(
      expect.objectContaining({
        event: 'delivery',
        message: 'the tracking API accepts calls again (after 8 failed attempt(s))',
      }),
    )
  })

  it('dead-letters for retention only calls it just tried: an old call is delivered when the API takes it', async () => {
    const harness = start({ retentionMs: 7 * day })
    await harness.raw.enqueue([testCall('old-delivered')])
    await harness.time.advance(8 * day)
    harness.deliverer.start()
    await harness.time.advanceUntil(() => harness.api.delivered.has('fp-old-delivered-identify'), 5000, 'delivered')
    expect(await harness.raw.stats()).toMatchObject({ queued: 0, deadLetters: 0 })
  })

  it('dead-letters a call tried and failed past the retention, with the reason; calls never tried stay', async () => {
    const harness = start({ maxCallsPerBatch: 2, retentionMs: 7 * day })
    await harness.raw.enqueue([
      testCall('expired-1'),
      testCall('expired-2'),
      testCall('untried-1'),
      testCall('untried-2'),
    ])
    await harness.time.advance(8 * day)
    harness.api.mode = { kind: 'failing' }
    harness.deliverer.start()
    await harness.time.advanceUntil(async () => (await harness.raw.stats()).deadLetters >= 2, 5000, 'two dead letters')
    // The two claims ran at once; the first failure paused the second before it sent anything.
    const tried = new Set(harness.api.requests.flatMap((request) => request.messageIds))
    const letters = await harness.raw.deadLetters({}, 10)
    expect(letters.map((letter) => letter.messageId).sort()).toEqual([...tried].sort())
    expect(letters.every((letter) => letter.reason === 'not delivered within the retention (7 days)')).toBe(true)
    expect(harness.logs.filter((entry) => entry.event === 'dead-letter')).toHaveLength(letters.length)
  })

  it('stops sending when the store cannot record a delivery, keeps the outcome, and records it once the store writes: nothing sent twice', async () => {
    const harness = start({ maxCallsPerBatch: 10 })
    const calls = Array.from({ length: 30 }, (_, index) => testCall(`full${index}`))
    await harness.raw.enqueue(calls)
    harness.raw.writeFault = 'database or disk is full'
    harness.deliverer.start()
    // A minute of a full disk: the first claims were sent and accepted, then nothing more.
    await harness.time.advance(60_000)
    const sentDuringFault = harness.api.requests.length
    expect(sentDuringFault).toBeGreaterThan(0)
    expect(sentDuringFault).toBeLessThanOrEqual(2)
    expect(harness.deliverer.state.storeFailure).toMatch(/cannot record deliveries: database or disk is full/)
    expect(harness.condition.healthy).toBe(false)
    await harness.time.advance(10 * 60_000)
    expect(harness.api.requests.length).toBe(sentDuringFault)

    harness.raw.writeFault = undefined
    await harness.time.advanceUntil(async () => (await queued(harness)) === 0, 60_000, 'the queue empty')
    expect(harness.api.accepted).toHaveLength(30)
    expect(harness.api.delivered.size).toBe(30)
    expect(harness.deliverer.state).toMatchObject({ delivered: 30, storeFailure: undefined })
    expect(harness.logs).toContainEqual(
      expect.objectContaining({ message: expect.stringMatching(/^the store writes again/) }),
    )
  })

  it('probes a store that failed a commit and resumes once it writes, without a delivery to record', async () => {
    const harness = start()
    harness.condition.failed(new Error('database or disk is full'), true)
    await harness.raw.enqueue([testCall('after-probe')])
    harness.raw.writeFault = 'database or disk is full'
    harness.deliverer.start()
    await harness.time.advance(30_000)
    expect(harness.api.requests).toEqual([])
    harness.raw.writeFault = undefined
    await harness.time.advanceUntil(() => harness.api.delivered.has('fp-after-probe-identify'), 60_000, 'delivered')
    expect(harness.condition.healthy).toBe(true)
  })

  it('sends nothing from a damaged store', async () => {
    const harness = start()
    await harness.raw.enqueue([testCall('damaged')])
    harness.condition.failed(new StoreCorruptError('The SQLite store x is damaged'), false)
    harness.deliverer.start()
    await harness.time.advance(60_000)
    expect(harness.api.requests).toEqual([])
    expect(harness.deliverer.state.storeFailure).toBe('The SQLite store x is damaged')
  })

  it('stop(drainMs) delivers what is waiting first; in an outage it stops without waiting out drainMs, keeping everything', async () => {
    const harness = start()
    harness.deliverer.start()
    await harness.raw.enqueue(Array.from({ length: 30 }, (_, index) => testCall(`drain${index}`)))
    harness.deliverer.notify()
    const stopped = harness.deliverer.stop(5000)
    await harness.time.advance(5000)
    await stopped
    expect(harness.api.delivered.size).toBe(30)

    const second = start()
    second.deliverer.start()
    second.api.mode = { kind: 'failing' }
    await second.raw.enqueue([testCall('kept-in-outage')])
    second.deliverer.notify()
    let done = false
    const stopping = second.deliverer.stop(10_000).then(() => (done = true))
    const took = await second.time.advanceUntil(() => done, 10_000, 'stopped')
    await stopping
    expect(took).toBeLessThan(10_000)
    expect(await second.raw.stats()).toMatchObject({ queued: 1 })
  })
})
