import { describe, expect, it } from 'vitest'
import type { DeliveryState } from '../delivery/call-deliverer'
import { healthAnswer, livenessAnswer, readinessAnswer, type HealthInput } from './receiver-health'

const healthy: DeliveryState = {
  consecutiveFailures: 0,
  lastFailure: undefined,
  retryAt: undefined,
  delivered: 10,
  deadLettered: 0,
  storeFailure: undefined,
}
const stats = { queued: 3, oldestQueuedAgeSeconds: 12, deadLetters: 1 }
const running: HealthInput = { started: true, closing: false, inFlight: 2, stats, delivery: healthy, now: 0 }

describe('healthAnswer', () => {
  it('reports the queue and the delivery with 200', () => {
    expect(healthAnswer(running)).toEqual({
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
    expect(healthAnswer({ ...running, delivery: failing, now: 10_000 })).toMatchObject({
      status: 200,
      body: {
        status: 'ok',
        delivery: {
          failing: true,
          consecutiveFailures: 4,
          lastFailure: 'the tracking API answered 503',
          retryInSeconds: 3,
        },
      },
    })
  })

  it.each([
    [{ started: false }, { status: 'starting' }],
    [{ closing: true }, { status: 'shutting down' }],
    [{ stats: new Error('connection refused') }, { status: 'store unavailable', error: 'connection refused' }],
    [
      { delivery: { ...healthy, storeFailure: 'the store cannot record deliveries: database or disk is full' } },
      { status: 'store failing', error: 'the store cannot record deliveries: database or disk is full' },
    ],
  ] as const)('answers 503 with the reason when %o', (change, reason) => {
    const input = { ...running, ...change } as HealthInput
    expect(healthAnswer(input)).toMatchObject({ status: 503, body: reason })
    expect(readinessAnswer(input)).toEqual({ status: 503, body: reason })
  })
})

describe('readinessAnswer and livenessAnswer', () => {
  it('are 200 for a receiver that can store webhooks; liveness whatever the store', () => {
    expect(readinessAnswer(running)).toEqual({ status: 200, body: { status: 'ready' } })
    expect(livenessAnswer()).toEqual({ status: 200, body: { status: 'live' } })
  })
})
