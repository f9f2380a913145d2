import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ValidationError } from '../segment/errors'
import {
  assertValidWebhookSignature,
  isValidWebhookSignature,
  parseSignatureHeader,
  hmacSha256Hex,
  signWebhookBody,
} from './webhook-signature'

// Fingerprint's published test vector: secret `secret`, body `data`.
const vectorSignature = '1b2c16b75bd2a870c114153ccda5bcfca63314bc722fa160d690de133ccbb9db'

describe('signWebhookBody', () => {
  it("matches Fingerprint's test vector, as the header value", () => {
    expect(signWebhookBody('data', 'secret')).toBe(`v1=${vectorSignature}`)
  })

  it('hashes the UTF-8 bytes of the raw text', async () => {
    const { createHmac } = await import('node:crypto')
    const body = '{"tag":{"name":"Zoë 🚀"}}'
    expect(hmacSha256Hex(body, 'sëcret')).toBe(createHmac('sha256', 'sëcret').update(body, 'utf8').digest('hex'))
  })
})

describe('parseSignatureHeader', () => {
  it('reads comma-separated items, tolerating spaces, empty items and unknown versions', () => {
    expect(parseSignatureHeader(' v1=aa , v2 = bb,,junk, =cc, V1=DD ')).toEqual([
      { version: 'v1', value: 'aa' },
      { version: 'v2', value: 'bb' },
      { version: 'v1', value: 'DD' },
    ])
  })
})

describe('isValidWebhookSignature', () => {
  it.each([
    ['the bare vector', `v1=${vectorSignature}`],
    ['with spaces', `  v1 = ${vectorSignature}  `],
    ['uppercase hex', `v1=${vectorSignature.toUpperCase()}`],
    ['beside an unknown version', `v2=abc, v1=${vectorSignature}`],
    ['beside a signature from an old secret', `v1=${'0'.repeat(64)},v1=${vectorSignature}`],
  ])('accepts %s', (_label, header) => {
    expect(isValidWebhookSignature('data', header, ['secret'])).toBe(true)
  })

  it('accepts a match against any configured secret (rotation)', () => {
    expect(isValidWebhookSignature('data', `v1=${vectorSignature}`, ['new-secret', 'secret'])).toBe(true)
  })

  it.each([
    ['another body', 'datA', `v1=${vectorSignature}`],
    ['a truncated signature', 'data', `v1=${vectorSignature.slice(0, 63)}`],
    ['a signature of another version only', 'data', `v2=${vectorSignature}`],
    ['an empty header', 'data', ''],
    ['garbage', 'data', 'v1'],
  ])('refuses %s', (_label, body, header) => {
    expect(isValidWebhookSignature(body, header, ['secret'])).toBe(false)
  })

  it('refuses everything when no secret is configured', () => {
    expect(isValidWebhookSignature('data', `v1=${vectorSignature}`, [])).toBe(false)
  })
})

describe('assertValidWebhookSignature', () => {
  it.each([
    [undefined, /no FPJS-Event-Signature header/],
    ['   ', /no FPJS-Event-Signature header/],
    ['v2=abc', /has no v1=<hex> signature/],
    [`v1=${'f'.repeat(64)}`, /does not match the body/],
  ])('header %j: ValidationError', (header, message) => {
    expect(() => assertValidWebhookSignature('data', header, ['secret'])).toThrow(ValidationError)
    expect(() => assertValidWebhookSignature('data', header, ['secret'])).toThrow(message)
  })

  it('passes a valid signature', () => {
    expect(() => assertValidWebhookSignature('data', `v1=${vectorSignature}`, ['secret'])).not.toThrow()
  })
})

describe('a host-provided signer', () => {
  const nodeSigner = (rawBody: string, secret: string) =>
    createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')

  it('gives the same verdicts as the pure-TypeScript default (node:crypto, as the receiver uses)', () => {
    const body = '{"event_id":"1.a","note":"café 🎉"}'
    const header = signWebhookBody(body, 'right')
    expect(isValidWebhookSignature(body, header, ['right'], nodeSigner)).toBe(true)
    expect(isValidWebhookSignature(body, header, ['wrong'], nodeSigner)).toBe(false)
    expect(isValidWebhookSignature(`${body} `, header, ['right'], nodeSigner)).toBe(false)
  })
})
