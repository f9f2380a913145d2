import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { officialFixture } from '@fingerprint-segment/test-kit'
import { InvalidEventPayload } from '../segment/errors'
import { readEnvelope, readWebhookEventId } from './read-envelope'

const id = '1708102555327.NLOjmg'

describe('readEnvelope', () => {
  it('reads a v4 body: event_id and tags', () => {
    const body = officialFixture('v4/webhook.json')
    expect(readEnvelope(body)).toEqual({ format: 'v4', eventId: id, tagName: 'tags', tag: body.tags, body })
  })

  it('reads a v3 body: requestId and tag', () => {
    const body = officialFixture('v3/webhook.json')
    expect(readEnvelope(body)).toMatchObject({
      format: 'v3',
      eventId: 'Px6VxbRC6WBkA39yeNH3',
      tagName: 'tag',
      tag: body.tag,
    })
  })

  it('reads a body with both ids as v4, and never reads the v3 tag of a v4 body or the v4 tags of a v3 one', () => {
    const both = { event_id: id, requestId: '1708102555327.abcdef', tag: { v: 3 }, tags: { v: 4 } }
    expect(readEnvelope(both)).toMatchObject({ format: 'v4', eventId: id, tag: { v: 4 } })
    expect(readEnvelope({ event_id: id, tag: { v: 3 } }).tag).toBeUndefined()
    expect(readEnvelope({ requestId: id, tags: { v: 4 } }).tag).toBeUndefined()
  })

  it.each([
    ['an empty string', ''],
    ['null', null],
    ['0', 0],
    ['an object', {}],
    ['an array', []],
    ['true', true],
    ['a dot', '.'],
    ['two dots', '..'],
  ])(
    'refuses a v4 body whose event_id is %s, even with a valid requestId beside it (never read as v3)',
    (_case, value) => {
      const body = { event_id: value, requestId: id, tag: { integrations: { segment: {} } } }
      expect(() => readEnvelope(body)).toThrow(InvalidEventPayload)
      expect(() => readEnvelope(body)).toThrow(/v4 webhook's `event_id`/)
    },
  )

  it.each([null, 0, {}, '', '..'])('refuses a v3 body whose requestId is %j', (value) => {
    expect(() => readEnvelope({ requestId: value })).toThrow(/v3 webhook's `requestId`/)
  })

  it.each([
    ['not an object', [1], /must be a JSON object, got an array/],
    ['null', null, /must be a JSON object, got null/],
    ['without an id', { visitorId: 'v' }, /neither `event_id`.*nor `requestId`/],
    ['with an inherited id only', Object.create({ event_id: id }) as unknown, /must be a JSON object/],
  ])('refuses a body %s', (_case, body, message) => {
    expect(() => readEnvelope(body)).toThrow(message)
  })

  it('reads ids and tags as own members only: a __proto__ key is data, not a prototype', () => {
    const body = JSON.parse(`{"__proto__":{"event_id":"${id}"},"requestId":"${id}","tag":{"a":1}}`) as unknown
    expect(readEnvelope(body)).toMatchObject({ format: 'v3', tag: { a: 1 } })
  })

  it('cuts and escapes a hostile id in its message', () => {
    const hostile = `${'E'.repeat(500_000)}\nINFO forged`
    let message = ''
    try {
      readEnvelope({ event_id: hostile })
    } catch (error) {
      message = (error as Error).message
    }
    expect(message.length).toBeLessThan(300)
    expect(message).not.toContain('\n')
  })

  it('decides the format from the id member alone, for any body (property)', () => {
    fc.assert(
      fc.property(fc.object(), fc.boolean(), (body: Record<string, unknown>, withEventId) => {
        if (withEventId) body.event_id = body.event_id ?? null
        let envelope
        try {
          envelope = readEnvelope(body)
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidEventPayload)
          return
        }
        expect(envelope.format).toBe(Object.hasOwn(body, 'event_id') ? 'v4' : 'v3')
        expect(envelope.eventId).toBe(body[envelope.format === 'v4' ? 'event_id' : 'requestId'])
      }),
    )
  })
})

describe('readWebhookEventId', () => {
  it('gives the id a raw body names, or undefined when it names none readEnvelope takes', () => {
    expect(readWebhookEventId(`{"event_id":"${id}"}`)).toBe(id)
    expect(readWebhookEventId(`{"requestId":"${id}"}`)).toBe(id)
    expect(readWebhookEventId('{"event_id":""}')).toBeUndefined()
    expect(readWebhookEventId('not json')).toBeUndefined()
  })
})
