import { createManualTime } from '@fingerprint-segment/test-kit'
import { afterEach, describe, expect, it } from 'vitest'
import { testCall } from '../../test/call-store-contract'
import { openInMemoryCallStore } from '../../test/in-memory-call-store'
import type { ReceiverLogEntry } from '../lib/receiver-log'
import type { StoredCall } from '../store/call-store'
import { expiryReason, pastRetention, startRetentionPurge } from './retention'

const day = 86_400_000
const stored = (seq: number, storedAt: number): StoredCall => ({ ...testCall(`r${seq}`), seq, storedAt, attempts: 3 })

describe('pastRetention', () => {
  const now = 100 * day

  it('takes the calls tried now that were stored before the retention', () => {
    const calls = [stored(1, now - 8 * day), stored(2, now - 6 * day), stored(3, now - 9 * day)]
    expect(pastRetention(calls, new Set([1, 2, 3]), now, 7 * day)).toEqual([
      { seq: 1, reason: 'not delivered within the retention (7 days)' },
      { seq: 3, reason: 'not delivered within the retention (7 days)' },
    ])
  })

  it('never takes a call that was not tried now, however old its stored time says it is', () => {
    const calls = [stored(1, now - 30 * day), stored(2, now - 30 * day)]
    expect(pastRetention(calls, new Set([2]), now, 7 * day).map((dead) => dead.seq)).toEqual([2])
    expect(pastRetention(calls, new Set(), now, 7 * day)).toEqual([])
  })

  it('names the retention in people terms', () => {
    expect(expiryReason(36 * 3_600_000)).toBe('not delivered within the retention (36 hours)')
  })
})

describe('startRetentionPurge', () => {
  const stops: { stop(): void }[] = []
  afterEach(() => {
    for (const purge of stops.splice(0)) purge.stop()
  })

  it('purges settled rows older than the retention at start and at each interval, on its scheduler', async () => {
    const time = createManualTime()
    const store = openInMemoryCallStore(`purge-${time.now}`, time.clock.now)
    const logs: ReceiverLogEntry[] = []
    await store.enqueue([testCall('p1'), testCall('p2')])
    const claim = await store.claim(10)
    await claim.settle({ delivered: claim.calls.map((call) => call.seq), dead: [] })
    stops.push(
      startRetentionPurge({
        store,
        clock: time.clock,
        scheduler: time.scheduler,
        retentionMs: 7 * day,
        intervalMs: 3_600_000,
        maxRows: 1000,
        logger: (entry) => logs.push(entry),
      }),
    )
    await time.settle()
    expect(store.writes).toBe(3)
    await time.advance(7 * day - 3_600_000)
    // Every hour a purge; nothing old enough yet.
    expect(logs.filter((entry) => entry.event === 'purged')).toEqual([])
    await time.advance(2 * 3_600_000)
    expect(logs).toContainEqual(
      expect.objectContaining({ event: 'purged', message: expect.stringMatching(/^2 settled/) }),
    )
    expect(await store.stats()).toMatchObject({ queued: 0 })
  })
})
