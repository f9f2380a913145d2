import { describe, expect, it } from 'vitest'
import { projectFixture } from '@fingerprint-segment/test-kit'
import { buildEventContext } from './event-context'
import { createEventSizeFitter, eventBytes } from './call-size'
import { buildFingerprintContext } from './fingerprint-context'
import type { SegmentCallByType, SegmentCallContext } from './segment-call'
import { readFingerprintEvent } from '../event/read-event'
import { segmentLimits } from '../segment/limits'

/** The context the calls of one event share: the Android fixture has velocity signals. */
function sharedContext(overrides: Partial<SegmentCallContext> = {}): SegmentCallContext {
  const event = readFingerprintEvent(projectFixture('v4-android-app'))
  const fingerprint = buildFingerprintContext(event, { verdict: 'allow', score: 0, reasons: [] })
  return { ...buildEventContext(event, fingerprint), location: { city: 'Prague' }, ...overrides }
}

/** A Track call on `shared`, with `blob` in its properties and `own` context of its own. */
function trackCall(
  shared: SegmentCallContext,
  blob: string,
  own: Partial<SegmentCallContext> = {},
): SegmentCallByType['track'] {
  return {
    type: 'track',
    payload: {
      anonymousId: 'a-1',
      messageId: 'fp-e-track',
      timestamp: '2024-01-01T00:00:00.000Z',
      event: 'Big',
      properties: { blob },
      context: { ...shared, ...own },
    },
  }
}

/** A call `overBy` bytes over the limit (negative: under it). */
function callOverBy(
  shared: SegmentCallContext,
  overBy: number,
  own: Partial<SegmentCallContext> = {},
): SegmentCallByType['track'] {
  const size = eventBytes(trackCall(shared, '', own))
  return trackCall(shared, 'x'.repeat(segmentLimits.eventBytes - size + overBy), own)
}

describe('createEventSizeFitter', () => {
  it('gives back a call that fits as it is, exactly at the limit too', () => {
    const shared = sharedContext()
    for (const overBy of [-10_000, 0]) {
      const call = callOverBy(shared, overBy)
      expect(eventBytes(call) - overBy).toBe(segmentLimits.eventBytes)
      expect(createEventSizeFitter(shared)(call)).toEqual({ call })
      expect(call.payload.context.fingerprint.shedContext).toBeUndefined()
    }
  })

  it('sheds the velocity signals first, and no more than it needs, on a copy: the shared context is untouched', () => {
    const shared = sharedContext()
    const before = JSON.stringify(shared)
    const fitted = createEventSizeFitter(shared)(callOverBy(shared, 1))
    if (!('call' in fitted)) throw new Error(fitted.reason)
    const { fingerprint } = fitted.call.payload.context
    expect(fingerprint.shedContext).toEqual(['fingerprint.signals.velocity'])
    expect(fingerprint.signals).toMatchObject({ frida: true })
    expect(fingerprint.signals?.velocity).toBeUndefined()
    expect(eventBytes(fitted.call)).toBeLessThanOrEqual(segmentLimits.eventBytes)
    expect(JSON.stringify(shared)).toBe(before)
  })

  it('then the other optional context, in order, skipping what the call does not have', () => {
    const shared = sharedContext({ userAgent: 'u'.repeat(5_000), page: { url: 'https://shop.example/' } })
    const fitted = createEventSizeFitter(shared)(callOverBy(shared, 4_000))
    if (!('call' in fitted)) throw new Error(fitted.reason)
    const { context } = fitted.call.payload
    expect(context.fingerprint.shedContext).toEqual([
      'fingerprint.signals.velocity',
      'fingerprint.signals',
      'location',
      'userAgent',
    ])
    expect(context.userAgent).toBeUndefined()
    expect(context.page).toEqual({ url: 'https://shop.example/' })
    expect(context.fingerprint).toMatchObject({ requestId: expect.any(String) as unknown, risk: { verdict: 'allow' } })
    expect(eventBytes(fitted.call)).toBeLessThanOrEqual(segmentLimits.eventBytes)
  })

  it("measures a call's own context in place of the shared one: a small override of a huge member fits", () => {
    const shared = sharedContext({ userAgent: 'u'.repeat(40_000) })
    const fit = createEventSizeFitter(shared)
    expect(fit(trackCall(shared, 'b', { userAgent: 'mine' }))).toMatchObject({
      call: { payload: { context: { userAgent: 'mine' } } },
    })
    // The same webhook's other calls, carrying the huge member, shed it.
    const fitted = fit(trackCall(shared, 'b'))
    if (!('call' in fitted)) throw new Error(fitted.reason)
    expect(fitted.call.payload.context.fingerprint.shedContext).toContain('userAgent')
  })

  it('counts in UTF-8: a call of short characters under the limit by bound fits, one of long ones sheds', () => {
    const shared = sharedContext()
    const ascii = callOverBy(shared, -100)
    expect(createEventSizeFitter(shared)(ascii)).toEqual({ call: ascii })
    // Fewer characters than bytes: over the limit by at most 3 bytes.
    const threeBytes = trackCall(
      shared,
      '€'.repeat(Math.floor((segmentLimits.eventBytes - eventBytes(trackCall(shared, ''))) / 3) + 1),
    )
    expect(eventBytes(threeBytes)).toBeGreaterThan(segmentLimits.eventBytes)
    const fitted = createEventSizeFitter(shared)(threeBytes)
    if (!('call' in fitted)) throw new Error(fitted.reason)
    expect(fitted.call.payload.context.fingerprint.shedContext).toEqual(['fingerprint.signals.velocity'])
    expect(eventBytes(fitted.call)).toBeLessThanOrEqual(segmentLimits.eventBytes)
  })

  it('gives a reason with the size when even that is not enough', () => {
    const shared = sharedContext()
    const call = callOverBy(shared, 5_000)
    const size = eventBytes(call)
    expect(createEventSizeFitter(shared)(call)).toEqual({
      reason: `the call is ${size} bytes, over Segment's ${segmentLimits.eventBytes}-byte event limit even without optional context`,
    })
  })
})
