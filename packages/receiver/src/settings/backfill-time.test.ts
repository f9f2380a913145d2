import { describe, expect, it } from 'vitest'
import { readBackfillTime } from './backfill-time'

const now = Date.parse('2026-11-21T12:00:00Z')

describe('readBackfillTime', () => {
  it.each([
    ['2026-11-20', Date.parse('2026-11-20T00:00:00Z')],
    ['2026-11-20T10:30:00Z', Date.parse('2026-11-20T10:30:00Z')],
    ['2026-11-20T10:30:00+01:00', Date.parse('2026-11-20T09:30:00Z')],
    ['1763632800000', 1_763_632_800_000],
    ['90m', now - 90 * 60_000],
    ['6h', now - 6 * 3_600_000],
    [' 2d ', now - 2 * 86_400_000],
  ])('reads %j', (text, time) => {
    expect(readBackfillTime(text, now)).toBe(time)
  })

  it.each(['', 'yesterday', '6 hours', '-2h', '2026-13-45', '12', '1.5h'])('refuses %j', (text) => {
    expect(readBackfillTime(text, now)).toBeUndefined()
  })
})
