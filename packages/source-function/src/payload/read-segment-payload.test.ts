import { describe, expect, it } from 'vitest'
import { officialFixture, withSegmentPayload } from '@fingerprint-segment/test-kit'
import { ValidationError } from '../segment/errors'
import type { SegmentIntegration } from './segment-payload'
import { readFingerprintEvent } from '../event/read-event'
import { maxIdentityLength, readSegmentPayload } from './read-segment-payload'

const read = (payload: unknown, example = 'v4/webhook.json') =>
  readSegmentPayload(readFingerprintEvent(withSegmentPayload(officialFixture(example), payload)))

describe('readSegmentPayload', () => {
  it('reads every key of the payload', () => {
    const payload = {
      skipIntegration: false,
      anonymousId: 'ajs-1',
      identityProof: 'fpid1.1.abc',
      identify: { userId: 'user-1', traits: { plan: 'pro' } },
      page: { name: 'Pricing' },
      track: { event: 'Signed In' },
      group: { groupId: 'g-1' },
      screen: { name: 'Home' },
    } satisfies Required<SegmentIntegration>
    const request = read(payload)
    expect(request).toEqual({
      path: 'tags.integrations.segment',
      skipIntegration: false,
      anonymousId: 'ajs-1',
      userId: 'user-1',
      identityProof: 'fpid1.1.abc',
      specs: {
        identify: payload.identify,
        page: payload.page,
        track: payload.track,
        group: payload.group,
        screen: payload.screen,
      },
    })
    // The specs stay raw, for their call builders to check.
    expect(request?.specs.track).toBe(payload.track)
  })

  it('an empty payload: nothing set, no member undefined', () => {
    expect(read({})).toEqual({ path: 'tags.integrations.segment', skipIntegration: false, specs: {} })
  })

  it('v3 events carry the payload in tag, v4 in tags', () => {
    expect(read({}, 'v3/webhook.json')?.path).toBe('tag.integrations.segment')
  })

  it('no payload: undefined (also for null, and for a segment key that is not an own member)', () => {
    const event = readFingerprintEvent(officialFixture('v4/webhook.json'))
    expect(readSegmentPayload(event)).toBeUndefined()
    expect(read(null)).toBeUndefined()
    expect(
      readSegmentPayload({ ...event, tag: { integrations: JSON.parse('{"__proto__":{"segment":{}}}') } }),
    ).toBeUndefined()
  })

  it('numeric ids become strings; null ids and proofs are absent', () => {
    expect(read({ anonymousId: 7, identify: { userId: 42 } })).toMatchObject({ anonymousId: '7', userId: '42' })
    const request = read({ anonymousId: null, identityProof: null, identify: { userId: null } })
    expect(request).not.toHaveProperty('anonymousId')
    expect(request).not.toHaveProperty('userId')
    expect(request).not.toHaveProperty('identityProof')
  })

  it('a userId is only read from an identify object (the Identify builder rejects anything else)', () => {
    expect(read({ identify: 'user-1' })).toMatchObject({ specs: { identify: 'user-1' } })
    expect(read({ identify: 'user-1' })).not.toHaveProperty('userId')
  })

  it.each([
    ['a string payload', 'segment', 'tags.integrations.segment must be an object, got a string.'],
    ['an array payload', [], 'tags.integrations.segment must be an object, got an array.'],
    [
      'skipIntegration as a string',
      { skipIntegration: 'yes' },
      'tags.integrations.segment.skipIntegration must be true or false, got a string.',
    ],
    [
      'skipIntegration null',
      { skipIntegration: null },
      'tags.integrations.segment.skipIntegration must be true or false, got null.',
    ],
    [
      'an object anonymousId',
      { anonymousId: {} },
      'tags.integrations.segment.anonymousId must be a non-empty string, got an object.',
    ],
    [
      'a blank userId',
      { identify: { userId: ' ' } },
      'tags.integrations.segment.identify.userId must be a non-empty string, got a blank string.',
    ],
    [
      'a huge userId',
      { identify: { userId: 'u'.repeat(maxIdentityLength + 1) } },
      `tags.integrations.segment.identify.userId is ${maxIdentityLength + 1} characters long; at most ${maxIdentityLength} are accepted.`,
    ],
    [
      'a non-string identityProof',
      { identityProof: 5 },
      'tags.integrations.segment.identityProof must be a string, got a number.',
    ],
  ])('rejects %s with ValidationError naming the field', (_label, payload, message) => {
    expect(() => read(payload)).toThrow(ValidationError)
    expect(() => read(payload)).toThrow(message)
  })

  it('an identity of exactly the longest length is accepted', () => {
    const userId = 'u'.repeat(maxIdentityLength)
    expect(read({ identify: { userId } })?.userId).toBe(userId)
  })

  it('error messages never show the value (it is customer data)', () => {
    for (const payload of [{ identityProof: 42 }, { skipIntegration: 'jon@example.com' }]) {
      expect(() => read(payload)).toThrow(ValidationError)
      expect(() => read(payload)).not.toThrow(/42|jon@example/)
    }
  })
})
