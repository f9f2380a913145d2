import { describe, expect, it } from 'vitest'
import { maxRetryAfterMs, parseRetryAfter, retryDelay } from './retry-delay'

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-21T12:00:00Z')

  it.each([
    ['3', 3000],
    [' 120 ', 120_000],
    ['0', 0],
    ['Sat, 21 Nov 2026 12:00:30 GMT', 30_000],
    ['Sat, 21 Nov 2026 11:59:00 GMT', 0],
    ['999999', maxRetryAfterMs],
  ])('reads %j as %i ms', (header, ms) => {
    expect(parseRetryAfter(header, now)).toBe(ms)
  })

  it.each([null, undefined, '', 'soon', '-5', '1.5'])('has no wait for %j', (header) => {
    expect(parseRetryAfter(header, now)).toBeUndefined()
  })
})

describe('retryDelay', () => {
  const options = { baseMs: 500, maxMs: 30_000 }

  it('doubles with each failure, between half and all of the step, up to the maximum', () => {
    const low = { ...options, random: () => 0 }
    const high = { ...options, random: () => 0.999_999 }
    expect([1, 2, 3, 4].map((failures) => retryDelay(failures, low))).toEqual([250, 500, 1000, 2000])
    expect([1, 2, 3, 4].map((failures) => retryDelay(failures, high))).toEqual([500, 1000, 2000, 4000])
    expect(retryDelay(40, high)).toBe(30_000)
    expect(retryDelay(40, low)).toBe(15_000)
  })

  it('never waits less than Retry-After asks', () => {
    expect(retryDelay(1, { ...options, random: () => 0 }, 5000)).toBe(5000)
    expect(retryDelay(10, { ...options, random: () => 0.999_999 }, 5000)).toBe(30_000)
  })
})
