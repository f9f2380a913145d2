import { describe, expect, it } from 'vitest'
import { maxEventIdLength } from '../envelope/event-id'
import { segmentCallTypes } from '../segment/call-types'
import { maxCallKeyLength, messageIdPrefix } from './message-id'
import { segmentLimits } from '../segment/limits'

describe('messageIdPrefix', () => {
  it('is readable: the event id between fp- and the call key', () => {
    expect(`${messageIdPrefix('1708102555327.NLOjmg')}identify`).toBe('fp-1708102555327.NLOjmg-identify')
    expect(`${messageIdPrefix('Px6VxbRC6WBkA39yeNH3')}track`).toBe('fp-Px6VxbRC6WBkA39yeNH3-track')
  })

  it("leaves room for every call key within Segment's 100 characters, with the longest event id", () => {
    const longest = messageIdPrefix('1'.repeat(maxEventIdLength))
    for (const key of [...segmentCallTypes, 'risk']) {
      expect(key.length).toBeLessThanOrEqual(maxCallKeyLength)
      expect(`${longest}${key}`.length).toBeLessThanOrEqual(segmentLimits.messageIdLength)
    }
  })
})
