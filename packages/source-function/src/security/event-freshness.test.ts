import { describe, expect, it } from 'vitest'
import { ValidationError } from '../segment/errors'
import { readFingerprintEvent } from '../event/read-event'
import { allowedClockSkewSeconds, assertEventFresh, isReplayedEvent } from './event-freshness'

const now = Date.UTC(2026, 0, 1)
const eventAt = (timestamp: number) => readFingerprintEvent({ event_id: '1700000000000.event1', timestamp })

describe('assertEventFresh', () => {
  it('takes an event within the age limit, and one a little ahead of the clock', () => {
    expect(() => assertEventFresh(eventAt(now - 1_799_000), now, 1800)).not.toThrow()
    expect(() => assertEventFresh(eventAt(now + allowedClockSkewSeconds * 1000), now, 1800)).not.toThrow()
  })

  it('refuses an event older than the limit', () => {
    expect(() => assertEventFresh(eventAt(now - 1_801_000), now, 1800)).toThrow(ValidationError)
    expect(() => assertEventFresh(eventAt(now - 1_801_000), now, 1800)).toThrow(/1801 s ago/)
  })

  it('0 turns the age limit off, not the future bound: no clock is that far behind', () => {
    expect(() => assertEventFresh(eventAt(0), now, 0)).not.toThrow()
    const future = eventAt(now + (allowedClockSkewSeconds + 1) * 1000)
    for (const limit of [0, 1800]) {
      expect(() => assertEventFresh(future, now, limit)).toThrow(ValidationError)
      expect(() => assertEventFresh(future, now, limit)).toThrow(/301 s in the future/)
    }
  })
})

describe('isReplayedEvent', () => {
  it("is Fingerprint's replayed flag, in either format", () => {
    expect(
      isReplayedEvent(readFingerprintEvent({ event_id: '1700000000000.event1', timestamp: 1, replayed: true })),
    ).toBe(true)
    expect(
      isReplayedEvent(readFingerprintEvent({ requestId: '1700000000000.reqst1', timestamp: 1, replayed: true })),
    ).toBe(true)
    expect(
      isReplayedEvent(readFingerprintEvent({ event_id: '1700000000000.event1', timestamp: 1, replayed: false })),
    ).toBe(false)
    expect(isReplayedEvent(readFingerprintEvent({ event_id: '1700000000000.event1', timestamp: 1 }))).toBe(false)
  })
})
