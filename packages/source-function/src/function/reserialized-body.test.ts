import { describe, expect, it } from 'vitest'
import { looksReserialized } from './reserialized-body'

describe('looksReserialized', () => {
  it('recognizes compact JSON with sorted keys, as a deployed function gets it', () => {
    expect(looksReserialized('{"event_id":"1.a","tags":{"a":1,"b":[{"z":1}]},"timestamp":1}')).toBe(true)
  })

  it.each([
    ['keys in the order Fingerprint sends them', '{"timestamp":1,"event_id":"1.a"}'],
    ['nested keys out of order', '{"event_id":"1.a","tags":{"b":1,"a":2}}'],
    ['whitespace', '{"event_id": "1.a"}'],
    ['not JSON', '{not json'],
    ['not an object', '"text"'],
  ])('is false for %s', (_label, body) => {
    expect(looksReserialized(body)).toBe(false)
  })

  it('is false, not an error, for a body nested too deep to re-serialize', () => {
    expect(looksReserialized(`${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`)).toBe(false)
  })
})
