import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { earliestSegmentTime, isSegmentTime, latestSegmentTime, toIsoTime } from './segment-time'

describe('isSegmentTime', () => {
  it('from 1970-01-01 to 9999-12-31T23:59:59.999Z, nothing else', () => {
    expect(new Date(latestSegmentTime).toISOString()).toBe('9999-12-31T23:59:59.999Z')
    expect(isSegmentTime(earliestSegmentTime)).toBe(true)
    expect(isSegmentTime(latestSegmentTime)).toBe(true)
    for (const time of [-1, latestSegmentTime + 1, Number.NaN, Infinity, 8.64e15])
      expect(isSegmentTime(time)).toBe(false)
  })
})

describe('toIsoTime', () => {
  it('writes what Date#toISOString writes, for every time Segment takes (fractions cut like a Date)', () => {
    for (const time of [0, 999, 86_399_999, 951_782_400_000, 951_868_800_000, latestSegmentTime, 1e12 + 0.7])
      expect(toIsoTime(time)).toBe(new Date(time).toISOString())
    fc.assert(
      fc.property(fc.double({ min: earliestSegmentTime, max: latestSegmentTime, noNaN: true }), (time) => {
        expect(toIsoTime(time)).toBe(new Date(time).toISOString())
      }),
      { numRuns: 20_000 },
    )
  })
})
