import { createManualTime } from '@fingerprint-segment/test-kit'
import { describe, expect, it } from 'vitest'
import { createBackoff } from './delivery-backoff'

describe('createBackoff', () => {
  const retry = { baseMs: 500, maxMs: 30_000 }

  it('doubles its wait with each failure up to the longest, jittered between half and all of it', () => {
    const time = createManualTime()
    const low = createBackoff({ clock: time.clock, retry, random: () => 0 })
    const high = createBackoff({ clock: time.clock, retry, random: () => 0.999_999 })
    const lows = Array.from({ length: 8 }, () => low.fail('down'))
    const highs = Array.from({ length: 8 }, () => high.fail('down'))
    expect(lows).toEqual([250, 500, 1000, 2000, 4000, 8000, 15_000, 15_000])
    expect(highs).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000])
  })

  it('never waits less than a Retry-After asks', () => {
    const time = createManualTime()
    const backoff = createBackoff({ clock: time.clock, retry, random: () => 0 })
    expect(backoff.fail('429', 120_000)).toBe(120_000)
    expect(backoff.pausedFor()).toBe(120_000)
  })

  it('counts the pause down on its clock, and a success ends it', async () => {
    const time = createManualTime()
    const backoff = createBackoff({ clock: time.clock, retry, random: () => 0.999_999 })
    backoff.fail('the tracking API answered 503')
    await time.advance(200)
    expect(backoff.pausedFor()).toBe(300)
    expect(backoff.state).toEqual({
      consecutiveFailures: 1,
      lastFailure: 'the tracking API answered 503',
      retryAt: time.now + 300,
    })
    expect(backoff.succeed()).toBe(1)
    expect(backoff.pausedFor()).toBe(0)
    expect(backoff.state).toEqual({ consecutiveFailures: 0, lastFailure: undefined, retryAt: undefined })
  })
})
