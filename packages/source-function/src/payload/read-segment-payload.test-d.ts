import { describe, expectTypeOf, it } from 'vitest'
import type { SegmentIntegration } from './segment-payload'
import type { SegmentCallType } from '../mapping/segment-call'
import type { SegmentIntegrationRequest, SpecName, segmentIntegrationFields } from './read-segment-payload'

describe('the payload reader follows the SegmentIntegration type', () => {
  it('reads every key of SegmentIntegration, and nothing else', () => {
    expectTypeOf<keyof typeof segmentIntegrationFields>().toEqualTypeOf<keyof SegmentIntegration>()
  })

  it('has a spec for every call type, and keeps each raw', () => {
    expectTypeOf<SpecName>().toEqualTypeOf<SegmentCallType>()
    expectTypeOf<keyof SegmentIntegrationRequest['specs']>().toEqualTypeOf<SegmentCallType>()
  })
})
