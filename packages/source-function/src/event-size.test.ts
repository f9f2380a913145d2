import { describe, expect, it } from 'vitest'
import { projectFixture } from '../test/fixtures'
import { eventBytes, fitEventSize, maxEventBytes } from './event-size'
import { buildFingerprintContext } from './fingerprint-context'
import type { SegmentCallByType, SegmentCallContext } from './segment-call'
import { readFingerprintEvent } from './webhook/read-fingerprint-event'

/** A Track call with velocity signals in its context (the Android fixture has them) and `blob` in its properties. */
function trackCall(blob: string, context: Partial<SegmentCallContext> = {}): SegmentCallByType['track'] {
  const event = readFingerprintEvent(projectFixture('v4-android-app'))
  const fingerprint = buildFingerprintContext(event, { verdict: 'allow', score: 0, reasons: [] })
  return {
    type: 'track',
    payload: {
      anonymousId: 'a-1',
      messageId: 'fp-e-track',
      timestamp: '2024-01-01T00:00:00.000Z',
      event: 'Big',
      properties: { blob },
      context: { location: { city: 'Prague' }, page: { url: 'https://shop.example/' }, ...context, fingerprint },
    },
  }
}

/** A call `overBy` bytes over the limit (negative: under it). */
function callOverBy(overBy: number, context: Partial<SegmentCallContext> = {}): SegmentCallByType['track'] {
  const size = eventBytes(trackCall('', context))
  return trackCall('x'.repeat(maxEventBytes - size + overBy), context)
}

describe('fitEventSize', () => {
  it('gives back a call that fits as it is', () => {
    const call = callOverBy(0)
    expect(eventBytes(call)).toBe(maxEventBytes)
    const fitted = fitEventSize(call)
    expect(fitted).toEqual({ call })
    expect(call.payload.context.fingerprint).not.toHaveProperty('shedContext')
  })

  it('sheds the velocity signals first, and no more than it needs', () => {
    const fitted = fitEventSize(callOverBy(1))
    if (!('call' in fitted)) throw new Error(fitted.reason)
    const { fingerprint } = fitted.call.payload.context
    expect(fingerprint.shedContext).toEqual(['fingerprint.signals.velocity'])
    expect(fingerprint.signals).toMatchObject({ frida: true })
    expect(fingerprint.signals).not.toHaveProperty('velocity')
    expect(eventBytes(fitted.call)).toBeLessThanOrEqual(maxEventBytes)
  })

  it('then the other optional context, in order, skipping what the call does not have', () => {
    const userAgent = 'u'.repeat(5_000)
    const fitted = fitEventSize(callOverBy(4_000, { userAgent }))
    if (!('call' in fitted)) throw new Error(fitted.reason)
    const { context } = fitted.call.payload
    expect(context.fingerprint.shedContext).toEqual([
      'fingerprint.signals.velocity',
      'fingerprint.signals',
      'location',
      'userAgent',
    ])
    expect(context).not.toHaveProperty('userAgent')
    expect(context.page).toEqual({ url: 'https://shop.example/' })
    expect(context.fingerprint).toMatchObject({ requestId: expect.any(String) as unknown, risk: { verdict: 'allow' } })
  })

  it('gives a reason with the size when even that is not enough', () => {
    const call = callOverBy(5_000)
    const size = eventBytes(call)
    expect(fitEventSize(call)).toEqual({
      reason: `the call is ${size} bytes, over Segment's ${maxEventBytes}-byte event limit even without optional context`,
    })
  })
})
