/**
 * What every store must do, as one suite run against each engine (`src/store/*-call-store.test.ts`):
 * the same behaviour, checked by the same tests.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { CallStore, CallToStore } from '../src/store/call-store'
import { openCallStore } from '../src/store/open-call-store'
import { openInMemoryCallStore } from './in-memory-call-store'
import { createTestStoreLocation, removeTestStores, type StoreEngine } from './test-stores'

/** A call as the receiver stores it. */
export function testCall(eventId: string, type = 'identify', size = 0): CallToStore {
  const messageId = `fp-${eventId}-${type}`
  const padding = size > 0 ? `,"properties":{"padding":"${'x'.repeat(size)}"}` : ''
  return { messageId, eventId, json: `{"type":"${type}","messageId":"${messageId}","anonymousId":"a"${padding}}` }
}

/** The real engines, and the one in memory the deliverer's tests use (which must behave the same). */
export type ContractEngine = StoreEngine | 'memory'

export function describeCallStoreContract(engine: ContractEngine): void {
  const opened: CallStore[] = []
  let clock = 1_800_000_000_000
  const now = (): number => clock
  let memoryLocations = 0

  async function open(location: string): Promise<CallStore> {
    const store = engine === 'memory' ? openInMemoryCallStore(location, now) : await openCallStore(location, { now })
    opened.push(store)
    return store
  }
  async function freshStore(): Promise<{ store: CallStore; location: string }> {
    const location =
      engine === 'memory' ? `contract-${process.pid}-${memoryLocations++}` : await createTestStoreLocation(engine)
    return { store: await open(location), location }
  }
  const reopen = open

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
      expect(await store.deadLetters({}, 10)).toEqual([
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

  describe('purge', () => {
    it('deletes delivered calls and dead letters settled before the time given, never a waiting call', async () => {
      const { store } = await freshStore()
      const day = 86_400_000
      await store.enqueue([testCall('old-waiting'), testCall('old-delivered'), testCall('old-dead')])
      const claim = await store.claim(10)
      const seqOf = (id: string): number =>
        claim.calls.find((call) => call.messageId === `fp-${id}-identify`)?.seq ?? -1
      await claim.settle({ delivered: [seqOf('old-delivered')], dead: [{ seq: seqOf('old-dead'), reason: 'refused' }] })
      clock += 8 * day
      await store.enqueue([testCall('recent')])
      // The delivered row, the dead call's row and its dead letter: all settled before the cutoff.
      expect(await store.purge(clock - 7 * day, 1000)).toBe(3)
      expect(await store.stats()).toEqual({ queued: 2, oldestQueuedAgeSeconds: 8 * 86_400, deadLetters: 0 })
      // A purged delivered call stored again is a new call (its messageId is forgotten after the retention).
      expect(await store.enqueue([testCall('old-delivered')])).toEqual({ stored: 1, duplicates: 0 })
    })

    it('purges at most maxRows of each per run', async () => {
      const { store } = await freshStore()
      await store.enqueue(Array.from({ length: 5 }, (_, index) => testCall(`m${index}`)))
      const claim = await store.claim(10)
      await claim.settle({ delivered: claim.calls.map((call) => call.seq), dead: [] })
      clock += 10_000
      expect(await store.purge(clock, 2)).toBe(2)
      expect(await store.purge(clock, 10)).toBe(3)
    })
  })

  describe('dead letters', () => {
    /** Four dead letters, settled together (the same failedAt: listed by messageId). */
    async function withLetters(): Promise<CallStore> {
      const { store } = await freshStore()
      await store.enqueue([testCall('a', 'track'), testCall('a', 'identify'), testCall('b', 'track'), testCall('c')])
      const claim = await store.claim(10)
      clock += 1000
      const reasonOf = (eventId: string): string =>
        eventId === 'b' ? 'the tracking API answered 400: no event name' : 'over 32 KB'
      await claim.settle({
        delivered: [],
        dead: claim.calls.map((call) => ({ seq: call.seq, reason: reasonOf(call.eventId) })),
      })
      return store
    }

    it('lists them newest first, filtered by event, type, reason, messageIds and time', async () => {
      const store = await withLetters()
      const ids = async (filter: Parameters<CallStore['deadLetters']>[0], limit = 10): Promise<string[]> =>
        (await store.deadLetters(filter, limit)).map((letter) => letter.messageId)
      expect(await ids({})).toEqual(['fp-a-identify', 'fp-a-track', 'fp-b-track', 'fp-c-identify'])
      expect(await ids({}, 2)).toEqual(['fp-a-identify', 'fp-a-track'])
      expect(await ids({ eventId: 'a' })).toEqual(['fp-a-identify', 'fp-a-track'])
      expect(await ids({ type: 'track' })).toEqual(['fp-a-track', 'fp-b-track'])
      expect(await ids({ reasonContains: 'answered 400' })).toEqual(['fp-b-track'])
      expect(await ids({ messageIds: ['fp-c-identify', 'fp-a-track', 'fp-none'] })).toEqual([
        'fp-a-track',
        'fp-c-identify',
      ])
      expect(await ids({ failedFrom: clock })).toHaveLength(4)
      expect(await ids({ failedUntil: clock })).toEqual([])
      expect(await ids({ type: 'track', eventId: 'b', reasonContains: '400' })).toEqual(['fp-b-track'])
    })

    it('requeues the ones a filter takes: waiting again, claimed and delivered like any call', async () => {
      const store = await withLetters()
      expect(await store.requeueDeadLetters({ type: 'track' })).toBe(2)
      expect(await store.stats()).toMatchObject({ queued: 2, deadLetters: 2 })
      const claim = await store.claim(10)
      expect(claim.calls.map((call) => [call.messageId, call.attempts, call.json])).toEqual([
        ['fp-a-track', 0, testCall('a', 'track').json],
        ['fp-b-track', 0, testCall('b', 'track').json],
      ])
      await claim.settle({ delivered: claim.calls.map((call) => call.seq), dead: [] })
      expect(await store.stats()).toMatchObject({ queued: 0, deadLetters: 2 })
      expect(await store.enqueue([testCall('a', 'track')])).toEqual({ stored: 0, duplicates: 1 })
    })

    it('requeues a dead letter whose call row was purged', async () => {
      const store = await withLetters()
      clock += 1000
      // The rows of the calls go; their dead letters (failed later) stay.
      const letters = await store.deadLetters({}, 10)
      await store.purge(Math.min(...letters.map((letter) => letter.failedAt)), 1000)
      expect(await store.requeueDeadLetters({ messageIds: ['fp-c-identify'] })).toBe(1)
      expect((await store.claim(10)).calls.map((call) => call.messageId)).toEqual(['fp-c-identify'])
    })

    it('purges the ones a filter takes, and only those', async () => {
      const store = await withLetters()
      expect(await store.purgeDeadLetters({ eventId: 'a' })).toBe(2)
      expect((await store.deadLetters({}, 10)).map((letter) => letter.messageId)).toEqual([
        'fp-b-track',
        'fp-c-identify',
      ])
      expect(await store.purgeDeadLetters({})).toBe(2)
      expect(await store.stats()).toMatchObject({ deadLetters: 0 })
    })
  })

  it('checks that it can write', async () => {
    const { store } = await freshStore()
    await expect(store.checkWritable()).resolves.toBeUndefined()
  })

  it('refuses work once closed, with a StoreUnavailableError', async () => {
    const { store } = await freshStore()
    await store.close()
    await expect(store.enqueue([testCall('late')])).rejects.toMatchObject({ name: 'StoreUnavailableError' })
    await expect(store.stats()).rejects.toMatchObject({ name: 'StoreUnavailableError' })
  })
}
