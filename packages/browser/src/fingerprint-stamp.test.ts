import { describe, expect, it, vi, type Mock } from 'vitest'
import type { SegmentContext } from './analytics-types'
import { stampContext, toFingerprintStamp } from './fingerprint-stamp'

describe('toFingerprintStamp', () => {
  it('reads v3 and v4 results', () => {
    expect(toFingerprintStamp({ visitorId: 'v', requestId: 'r', visitorFound: true })).toEqual({
      visitorId: 'v',
      requestId: 'r',
    })
    expect(toFingerprintStamp({ visitor_id: 'v', event_id: 'e', sealed_result: null })).toEqual({
      visitorId: 'v',
      requestId: 'e',
    })
  })

  it('keeps the request id when the visitor id is withheld, and rejects results without one', () => {
    expect(toFingerprintStamp({ event_id: 'e', sealed_result: null })).toEqual({ requestId: 'e' })
    expect(toFingerprintStamp({ visitorId: 'v' })).toBeUndefined()
    expect(toFingerprintStamp({ requestId: '' })).toBeUndefined()
    expect(toFingerprintStamp(undefined)).toBeUndefined()
  })
})

describe('stampContext', () => {
  type UpdateEvent = (path: string, value: unknown) => unknown
  const contextWith = (context: object | undefined): SegmentContext & { updateEvent: Mock<UpdateEvent> } => ({
    event: { type: 'track', context },
    updateEvent: vi.fn<UpdateEvent>(),
  })

  it('writes both ids when the site set nothing', () => {
    const ctx = contextWith(undefined)
    stampContext(ctx, { visitorId: 'v', requestId: 'r' })
    expect(ctx.updateEvent.mock.calls).toEqual([
      ['context.fingerprint.visitorId', 'v'],
      ['context.fingerprint.requestId', 'r'],
    ])
  })

  it('fills only the ids the site left empty', () => {
    const ctx = contextWith({ fingerprint: { visitorId: 'site', extra: 1 } })
    stampContext(ctx, { visitorId: 'v', requestId: 'r' })
    expect(ctx.updateEvent.mock.calls).toEqual([['context.fingerprint.requestId', 'r']])
  })

  it('leaves a non-object context.fingerprint alone', () => {
    const ctx = contextWith({ fingerprint: 'site' })
    stampContext(ctx, { visitorId: 'v', requestId: 'r' })
    expect(ctx.updateEvent).not.toHaveBeenCalled()
  })
})
