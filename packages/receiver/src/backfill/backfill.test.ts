/** The backfill against the Server API stand-in (its search) and a real SQLite store, on loopback. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { officialFixture, withSegmentPayload } from '@fingerprint-segment/test-kit'
import { startServerApiStandIn, type ServerApiStandIn } from '@fingerprint-segment/test-kit'
import { createTestStoreLocation, removeTestStores } from '../../test/test-stores'
import type { CallStore } from '../store/call-store'
import { openCallStore } from '../store/open-call-store'
import { runBackfill } from './backfill'
import type { ReceiverLogEntry } from '../lib/receiver-log'

let api: ServerApiStandIn
let store: CallStore
const now = Date.now()
const hour = 3_600_000

beforeAll(async () => {
  api = await startServerApiStandIn()
  store = await openCallStore(await createTestStoreLocation('sqlite'))
  // 250 events over the last 5 hours: three pages of 100; every 10th without a Segment payload.
  for (let index = 0; index < 250; index++) {
    const base = {
      ...officialFixture('v4/webhook.json'),
      event_id: `${now}.bf${String(index).padStart(3, '0')}`,
      timestamp: now - index * 60_000,
    }
    api.store(index % 10 === 0 ? { ...base, tags: {} } : withSegmentPayload(base, { track: { event: 'Recovered' } }))
  }
  // One more, an hour before the range.
  api.store(
    withSegmentPayload(
      { ...officialFixture('v4/webhook.json'), event_id: `${now}.early`, timestamp: now - 6 * hour },
      {},
    ),
  )
})
afterAll(async () => {
  await store.close()
  await api.close()
  await removeTestStores()
})

function backfill(logs: ReceiverLogEntry[] = [], sleeps: number[] = []) {
  return runBackfill({
    store,
    settings: { fingerprintServerApiKey: api.secretKey, fingerprintRegion: 'eu' },
    since: now - 5 * hour,
    until: now + 1000,
    logger: (entry) => logs.push(entry),
    fetch: api.fetch,
    sleep: (ms) => {
      sleeps.push(ms)
      return Promise.resolve()
    },
  })
}

describe('runBackfill', () => {
  it('pages through the range and stores the calls of every event with a Segment payload; a second run stores none again', async () => {
    const first = await backfill()
    // 225 events with a payload: identify + track each.
    expect(first).toEqual({ pages: 3, events: 250, stored: 450, duplicates: 0, withoutCalls: 25, refused: 0 })
    expect((await store.stats()).queued).toBe(450)
    expect(api.requests.every((request) => request.host === 'eu.api.fpjs.io')).toBe(true)

    const second = await backfill()
    expect(second).toMatchObject({ events: 250, stored: 0, duplicates: 450 })
    expect((await store.stats()).queued).toBe(450)
  })

  it('waits what a 429 asks, then goes on', async () => {
    api.throttleSearches(2, 4)
    const logs: ReceiverLogEntry[] = []
    const sleeps: number[] = []
    expect(await backfill(logs, sleeps)).toMatchObject({ events: 250, stored: 0 })
    expect(sleeps).toHaveLength(2)
    for (const ms of sleeps) expect(ms).toBeGreaterThanOrEqual(4000)
    expect(logs).toContainEqual(
      expect.objectContaining({ level: 'warn', message: expect.stringMatching(/rate limited/) }),
    )
  })

  it('stops with a clear error for a key the API refuses', async () => {
    await expect(
      runBackfill({
        store,
        settings: { fingerprintServerApiKey: 'wrong-key' },
        since: now - hour,
        until: now,
        logger: () => undefined,
        fetch: api.fetch,
      }),
    ).rejects.toThrow(/refused the key \(403\)/)
  })
})
