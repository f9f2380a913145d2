import { createManualTime } from '@fingerprint-segment/test-kit'
import { describe, expect, it } from 'vitest'
import type { QueueStats } from '../store/call-store'
import { createQueueStatsCache } from './queue-stats-cache'

describe('createQueueStatsCache', () => {
  it('reads the store at most once per maxAgeMs', async () => {
    const time = createManualTime()
    let reads = 0
    const cache = createQueueStatsCache({
      read: () => Promise.resolve<QueueStats>({ queued: ++reads, oldestQueuedAgeSeconds: 0, deadLetters: 0 }),
      ...time,
      maxAgeMs: 1000,
      timeoutMs: 2000,
    })
    expect(await cache.read()).toMatchObject({ queued: 1 })
    await time.advance(999)
    expect(await cache.read()).toMatchObject({ queued: 1 })
    await time.advance(1)
    expect(await cache.read()).toMatchObject({ queued: 2 })
  })

  it('gives an error, not a wait, for a store that does not answer within timeoutMs', async () => {
    const time = createManualTime()
    const cache = createQueueStatsCache({
      read: () => new Promise(() => undefined),
      ...time,
      maxAgeMs: 1000,
      timeoutMs: 2000,
    })
    const read = cache.read()
    await time.advance(2000)
    expect(await read).toMatchObject({ message: 'the store did not answer within 2000 ms' })
  })
})
