/**
 * What every store must do, as one suite run against each engine (`src/store/*-call-store.test.ts`):
 * the same behaviour, checked by the same tests.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { CallStore, CallToStore } from '../src/store/call-store'
import { openCallStore } from '../src/store/open-call-store'
import { createTestStoreLocation, removeTestStores, type StoreEngine } from './test-stores'

/** A call as the receiver stores it. */
export function testCall(eventId: string, type = 'identify', size = 0): CallToStore {
  const messageId = `fp-${eventId}-${type}`
  const padding = size > 0 ? `,"properties":{"padding":"${'x'.repeat(size)}"}` : ''
  return { messageId, eventId, json: `{"type":"${type}","messageId":"${messageId}","anonymousId":"a"${padding}}` }
}

export function describeCallStoreContract(engine: StoreEngine): void {
  const opened: CallStore[] = []
  let clock = 1_800_000_000_000
  const now = (): number => clock

  async function freshStore(): Promise<{ store: CallStore; location: string }> {
    const location = await createTestStoreLocation(engine)
    const store = await openCallStore(location, { now })
    opened.push(store)
    return { store, location }
  }
  async function reopen(location: string): Promise<CallStore> {
    const store = await openCallStore(location, { now })
    opened.push(store)
    return store
  }

  afterEach(async () => {
    for (const store of opened.splice(0)) await store.close()
    clock = 1_800_000_000_000
  })
  afterAll(removeTestStores)

  describe('enqueue', () => {
    it('stores the calls of a webhook, and a second copy of it not again', async () => {
      const { store } = await freshStore()
      const calls = [testCall('e1', 'identify'), testCall('e1', 'track')]
      expect(await store.enqueue(calls)).toEqual({ stored: 2, duplicates: 0 })
      expect(await store.enqueue(calls)).toEqual({ stored: 0, duplicates: 2 })
      expect(await store.stats()).toEqual({ queued: 2, oldestQueuedAgeSeconds: 0, deadLetters: 0 })
    })

    it('stores once the copies of one webhook committed together, and counts each copy right', async () => {
      const { store } = await freshStore()
      const calls = [testCall('e2', 'identify'), testCall('e2', 'track')]
      const results = await Promise.all([store.enqueue(calls), store.enqueue(calls), store.enqueue(calls)])
      expect(results.reduce((sum, result) => sum + result.stored, 0)).toBe(2)
      expect(results.reduce((sum, result) => sum + result.duplicates, 0)).toBe(4)
      expect((await store.stats()).queued).toBe(2)
    })

    it('has committed when it resolves: another connection to the store sees the calls', async () => {
      const { store, location } = await freshStore()
      await Promise.all(Array.from({ length: 300 }, (_, index) => store.enqueue([testCall(`c${index}`)])))
      const other = await reopen(location)
      expect((await other.stats()).queued).toBe(300)
    })

    it('keeps the calls across a close and a reopen', async () => {
      const { store, location } = await freshStore()
      await store.enqueue([testCall('kept', 'identify'), testCall('kept', 'track')])
      await store.close()
      const again = await reopen(location)
      const claim = await again.claim(10)
      expect(claim.calls.map((call) => call.messageId)).toEqual(['fp-kept-identify', 'fp-kept-track'])
      await claim.settle({ delivered: [], dead: [] })
    })
  })

  describe('claim and settle', () => {
    it('gives the oldest calls first, with what was stored, and age in stats', async () => {
      const { store } = await freshStore()
      await store.enqueue([testCall('o1')])
      clock += 5_000
      await store.enqueue([testCall('o2')])
      clock += 2_500
      expect((await store.stats()).oldestQueuedAgeSeconds).toBe(7)
      const claim = await store.claim(1)
      expect(claim.calls).toEqual([
        expect.objectContaining({ ...testCall('o1'), storedAt: clock - 7_500, attempts: 0 }),
      ])
      await claim.settle({ delivered: claim.calls.map((call) => call.seq), dead: [] })
      expect(await store.stats()).toEqual({ queued: 1, oldestQueuedAgeSeconds: 2, deadLetters: 0 })
    })

    it('never gives the same call to two claims at once', async () => {
      const { store } = await freshStore()
      await store.enqueue(Array.from({ length: 30 }, (_, index) => testCall(`d${index}`)))
      const claims = await Promise.all([store.claim(10), store.claim(10), store.claim(10), store.claim(10)])
      const ids = claims.flatMap((claim) => claim.calls.map((call) => call.messageId))
      expect(ids).toHaveLength(30)
      expect(new Set(ids).size).toBe(30)
      for (const claim of claims) await claim.settle({ delivered: [], dead: [] })
    })

    it('never gives a delivered call again, and a copy stored later is a duplicate', async () => {
      const { store } = await freshStore()
      await store.enqueue([testCall('del')])
      const claim = await store.claim(10)
      await claim.settle({ delivered: claim.calls.map((call) => call.seq), dead: [] })
      expect((await store.claim(10)).calls).toEqual([])
      expect(await store.enqueue([testCall('del')])).toEqual({ stored: 0, duplicates: 1 })
      expect((await store.stats()).queued).toBe(0)
    })

    it('puts calls that were not delivered back, with one attempt more', async () => {
      const { store } = await freshStore()
      await store.enqueue([testCall('f1'), testCall('f2')])
      const first = await store.claim(10)
      await first.settle({ delivered: [], dead: [], failure: 'the tracking API answered 503' })
      const second = await store.claim(10)
      expect(second.calls.map((call) => [call.messageId, call.attempts])).toEqual([
        ['fp-f1-identify', 1],
        ['fp-f2-identify', 1],
      ])
      await second.settle({ delivered: [], dead: [] })
    })

    it('moves a dead call to the dead letters with its reason; it is never claimed or stored again', async () => {
      const { store } = await freshStore()
      await store.enqueue([testCall('bad', 'track'), testCall('good')])
      const claim = await store.claim(10)
      const [bad, good] = claim.calls
      if (!bad || !good) throw new Error('expected two calls')
      clock += 1000
      await claim.settle({ delivered: [good.seq], dead: [{ seq: bad.seq, reason: 'the tracking API answered 400' }] })
      expect(await store.stats()).toEqual({ queued: 0, oldestQueuedAgeSeconds: 0, deadLetters: 1 })
      expect(await store.deadLetters(10)).toEqual([
        {
          messageId: 'fp-bad-track',
          eventId: 'bad',
          type: 'track',
          reason: 'the tracking API answered 400',
          storedAt: clock - 1000,
          failedAt: clock,
          attempts: 1,
        },
      ])
      expect(await store.enqueue([testCall('bad', 'track')])).toEqual({ stored: 0, duplicates: 1 })
      expect((await store.claim(10)).calls).toEqual([])
    })

    it('gives the calls of a claim that was never settled to the next start', async () => {
      const { store, location } = await freshStore()
      await store.enqueue([testCall('abandoned')])
      expect((await store.claim(10)).calls).toHaveLength(1)
      // The claim is never settled: its process "dies" (the store closes under it).
      await store.close()
      const again = await reopen(location)
      const claim = await again.claim(10)
      expect(claim.calls.map((call) => call.messageId)).toEqual(['fp-abandoned-identify'])
      await claim.settle({ delivered: [], dead: [] })
    })
  })

  describe('retention', () => {
    it('moves undelivered calls older than the retention to the dead letters, and purges old settled ones', async () => {
      const { store } = await freshStore()
      const day = 86_400_000
      await store.enqueue([testCall('old-waiting'), testCall('old-delivered')])
      const claim = await store.claim(10)
      const delivered = claim.calls.find((call) => call.messageId === 'fp-old-delivered-identify')
      await claim.settle({ delivered: delivered ? [delivered.seq] : [], dead: [] })
      clock += 6 * day
      await store.enqueue([testCall('recent')])
      clock += day + 1

      // The expired call's row goes with the delivered one: both were stored before the cutoff.
      expect(await store.expire(7 * day, 1000)).toEqual({ expired: 1, purged: 2 })
      expect(await store.stats()).toEqual({ queued: 1, oldestQueuedAgeSeconds: 86_400, deadLetters: 1 })
      expect(await store.deadLetters(10)).toEqual([
        expect.objectContaining({
          messageId: 'fp-old-waiting-identify',
          reason: 'not delivered within the retention (7 days)',
        }),
      ])
      // Seven days later the dead letter goes too, and the recent call is expired in turn.
      clock += 7 * day + 1
      expect(await store.expire(7 * day, 1000)).toEqual({ expired: 1, purged: 2 })
      expect(await store.stats()).toMatchObject({ queued: 0, deadLetters: 1 })
    })

    it('expires at most maxRows per run', async () => {
      const { store } = await freshStore()
      await store.enqueue(Array.from({ length: 5 }, (_, index) => testCall(`m${index}`)))
      clock += 10_000
      expect(await store.expire(1000, 2)).toEqual({ expired: 2, purged: 2 })
      expect((await store.stats()).queued).toBe(3)
    })
  })

  it('refuses work once closed, with a StoreUnavailableError', async () => {
    const { store } = await freshStore()
    await store.close()
    await expect(store.enqueue([testCall('late')])).rejects.toMatchObject({ name: 'StoreUnavailableError' })
    await expect(store.stats()).rejects.toMatchObject({ name: 'StoreUnavailableError' })
  })
}
