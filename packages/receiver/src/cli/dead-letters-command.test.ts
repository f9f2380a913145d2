import { describe, expect, it } from 'vitest'
import { testCall } from '../../test/call-store-contract'
import { openInMemoryCallStore } from '../../test/in-memory-call-store'
import { runDeadLettersCommand } from './dead-letters-command'

describe('fingerprint-segment dead-letters', () => {
  it('lists, requeues and purges the dead letters its filter takes', async () => {
    const now = Date.UTC(2026, 10, 21, 12)
    const store = openInMemoryCallStore(`dead-letters-command-${process.pid}`, () => now)
    await store.enqueue([testCall('a', 'track'), testCall('b')])
    const claim = await store.claim(10)
    await claim.settle({
      delivered: [],
      dead: claim.calls.map((call) => ({ seq: call.seq, reason: 'the tracking API answered 400' })),
    })

    expect(await runDeadLettersCommand(store, { action: 'list', filter: { type: 'track' }, limit: 10 })).toEqual({
      store: store.description,
      deadLetters: [
        {
          messageId: 'fp-a-track',
          eventId: 'a',
          type: 'track',
          reason: 'the tracking API answered 400',
          storedAt: '2026-11-21T12:00:00.000Z',
          failedAt: '2026-11-21T12:00:00.000Z',
          attempts: 1,
        },
      ],
    })
    expect(await runDeadLettersCommand(store, { action: 'requeue', filter: { eventId: 'a' }, limit: 10 })).toEqual({
      store: store.description,
      requeued: 1,
    })
    expect(await runDeadLettersCommand(store, { action: 'purge', filter: {}, limit: 10 })).toEqual({
      store: store.description,
      purged: 1,
    })
    expect(await store.stats()).toMatchObject({ queued: 1, deadLetters: 0 })
  })
})
