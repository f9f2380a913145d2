import { describe, expect, it } from 'vitest'
import { callerSegment, withSegmentTag } from './segment-tag'

const segment = { anonymousId: 'a' }

describe('withSegmentTag', () => {
  it('adds integrations.segment to tag, keeping other keys, integrations and options', () => {
    const options = { linkedId: 'l', tag: { a: 1, integrations: { crm: { id: 2 } } } }
    expect(withSegmentTag(options, segment)).toEqual({
      linkedId: 'l',
      tag: { a: 1, integrations: { crm: { id: 2 }, segment } },
    })
    expect(options.tag.integrations).toEqual({ crm: { id: 2 } }) // not mutated
  })

  it('uses tags when set, leaving tag alone', () => {
    expect(withSegmentTag({ tag: { x: 1 }, tags: { y: 2 } }, segment)).toEqual({
      tag: { x: 1 },
      tags: { y: 2, integrations: { segment } },
    })
  })

  it('wraps simple values, replaces a non-object integrations, and creates a missing tag', () => {
    expect(withSegmentTag({ tag: 7 }, segment)).toEqual({ tag: { tag: 7, integrations: { segment } } })
    expect(withSegmentTag({ tag: { integrations: 'x' } }, segment)).toEqual({ tag: { integrations: { segment } } })
    expect(withSegmentTag({ tag: null }, segment)).toEqual({ tag: { integrations: { segment } } })
    expect(withSegmentTag({}, segment)).toEqual({ tag: { integrations: { segment } } })
  })
})

describe('callerSegment', () => {
  it('reads integrations.segment from the tag the agent will use', () => {
    expect(callerSegment({ tag: { integrations: { segment } } })).toEqual(segment)
    expect(callerSegment({ tag: { integrations: { segment } }, tags: {} })).toBeUndefined()
    expect(callerSegment({ tags: { integrations: { segment: 'nope' } } })).toBeUndefined()
    expect(callerSegment({})).toBeUndefined()
  })
})
