import { describe, expect, it } from 'vitest'
import { eventEndpoint, requestProblem, requestWriteKey } from './tracking-api-rules'

const json = (value: unknown) => ({ raw: Buffer.from(JSON.stringify(value)), body: { value } })

describe('eventEndpoint', () => {
  it("knows the HTTP API's names and Analytics.js' one-letter ones", () => {
    expect(eventEndpoint('batch')).toEqual({ kind: 'batch' })
    expect(eventEndpoint('b')).toEqual({ kind: 'batch' })
    expect(eventEndpoint('track')).toEqual({ kind: 'event', type: 'track' })
    expect(eventEndpoint('t')).toEqual({ kind: 'event', type: 'track' })
    expect(eventEndpoint('s')).toEqual({ kind: 'event', type: 'screen' })
    expect(eventEndpoint('a')).toEqual({ kind: 'event', type: 'alias' })
    expect(eventEndpoint('m')).toBeUndefined()
    expect(eventEndpoint('import')).toBeUndefined()
  })
})

describe('requestWriteKey', () => {
  const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`

  it('takes the user name of Basic authorization over the body', () => {
    expect(requestWriteKey(basic('header-key:'), { value: { writeKey: 'body-key' } })).toBe('header-key')
  })

  it("takes the body's writeKey only without an Authorization header", () => {
    expect(requestWriteKey(undefined, { value: { writeKey: 'body-key' } })).toBe('body-key')
    expect(requestWriteKey('Bearer token', { value: { writeKey: 'body-key' } })).toBeUndefined()
    expect(requestWriteKey(undefined, { value: [1] })).toBeUndefined()
    expect(requestWriteKey(undefined, { value: null })).toBeUndefined()
    expect(requestWriteKey(undefined, undefined)).toBeUndefined()
  })
})

describe('requestProblem', () => {
  it('types a one-event request by its endpoint unless the event says', () => {
    const { raw, body } = json({ messageId: 'm', anonymousId: 'a' })
    expect(requestProblem({ kind: 'event', type: 'page' }, raw, body)).toEqual([
      { type: 'page', messageId: 'm', anonymousId: 'a' },
    ])
  })

  it('refuses a batch without sentAt, and an array posted to a one-event endpoint', () => {
    const batch = json({ batch: [{ type: 'page', messageId: 'm', anonymousId: 'a' }] })
    expect(requestProblem({ kind: 'batch' }, batch.raw, batch.body)).toBe('sentAt must be an ISO-8601 time')
    const array = json([{ messageId: 'm' }])
    expect(requestProblem({ kind: 'event', type: 'track' }, array.raw, array.body)).toBe(
      'the body is not an event object',
    )
  })

  it('refuses a batch body over 500 KB before reading it', () => {
    const raw = Buffer.alloc(500_001, ' ')
    expect(requestProblem({ kind: 'batch' }, raw, undefined)).toBe(
      'the batch is 500001 bytes, over the 500000-byte limit',
    )
  })
})
