import { describe, expect, it } from 'vitest'
import { healthAnswer } from './receiver-health'

const healthy = { consecutiveFailures: 0, lastFailure: undefined, retryAt: undefined, delivered: 10, deadLettered: 0 }
const stats = { queued: 3, oldestQueuedAgeSeconds: 12, deadLetters: 1 }

describe('healthAnswer', () => {
  it('reports the queue and the delivery with 200', () => {
    expect(healthAnswer({ closing: false, inFlight: 2, stats, delivery: healthy, now: 0 })).toEqual({
      status: 200,
      body: {
        status: 'ok',
        inFlight: 2,
        queued: 3,
        oldestQueuedAgeSeconds: 12,
        deadLetters: 1,
        delivery: { failing: false, consecutiveFailures: 0 },
      },
    })
  })

  it('stays 200 while the tracking API fails (webhooks are stored), saying why and when it tries again', () => {
    const failing = {
      ...healthy,
      consecutiveFailures: 4,
      lastFailure: 'the tracking API answered 503',
      retryAt: 12_500,
    }
    expect(healthAnswer({ closing: false, inFlight: 0, stats, delivery: failing, now: 10_000 })).toMatchObject({
      status: 200,
      body: {
        delivery: {
          failing: true,
          consecutiveFailures: 4,
          lastFailure: 'the tracking API answered 503',
          retryInSeconds: 3,
        },
      },
    })
  })

  it('answers 503 while shutting down, and when the store cannot be read', () => {
    expect(healthAnswer({ closing: true, inFlight: 0, stats, delivery: healthy, now: 0 })).toMatchObject({
      status: 503,
      body: { status: 'shutting down' },
    })
    expect(
      healthAnswer({ closing: false, inFlight: 0, stats: new Error('disk I/O error'), delivery: healthy, now: 0 }),
    ).toMatchObject({ status: 503, body: { status: 'store unavailable', error: 'disk I/O error' } })
  })
})
