import { describe, expectTypeOf, it } from 'vitest'
import type { SegmentIntegration } from './segment-payload'
import type { SegmentCallType } from '../segment/call-types'
import type { SegmentPayloadRequest, SpecName, segmentPayloadFields } from './read-segment-payload'

describe('the payload reader follows the SegmentIntegration type', () => {
  it('reads every key of SegmentIntegration, and nothing else', () => {
    expectTypeOf<keyof typeof segmentPayloadFields>().toEqualTypeOf<keyof SegmentIntegration>()
  })

  it('has a spec for every call type, and keeps each raw', () => {
    expectTypeOf<SpecName>().toEqualTypeOf<SegmentCallType>()
    expectTypeOf<keyof SegmentPayloadRequest['specs']>().toEqualTypeOf<SegmentCallType>()
  })
})
