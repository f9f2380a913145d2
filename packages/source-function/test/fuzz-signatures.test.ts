/**
 * Property-based tests of the two signatures: Fingerprint's webhook signature (any single byte of
 * a signed body changed is rejected, through the BUILT bundle in the sandbox's tester mode) and the identity
 * proof (no tampered or random token verifies). Together with test/fuzz.test.ts: over 10,000
 * generated cases per run. fast-check prints the seed of any failure.
 */
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { signIdentity, verifyIdentityProof } from '../src/security/identity-proof'
import { hmacSha256Hex, isValidWebhookSignature, signWebhookBody } from '../src/security/webhook-signature'
import { fuzzWebhookSecret, webhookBody } from './fuzz-arbitraries'
import { text } from '@fingerprint-segment/test-kit'
import { loadBuiltFunction, type FunctionSandbox } from '@fingerprint-segment/test-kit'

/** The Functions tester hands the raw body over: where a signature over it can be checked (as in the receiver). */
let sandbox: FunctionSandbox
beforeAll(() => {
  sandbox = loadBuiltFunction({ mode: 'tester' })
})

const signatureError = /FPJS-Event-Signature/
const hex64 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'.split('')), minLength: 64, maxLength: 64 })
/** Generous: the properties run in about 5 s on 2 cores; the default 5 s would make them flaky under load. */
const fuzzTimeout = 60_000

describe('fuzz: signed webhooks in the sandbox, raw body (the Functions tester)', () => {
  it(
    'a signed body passes the signature check; the same body with any one byte changed is rejected (1,500 cases)',
    async () => {
      await fc.assert(
        fc.asyncProperty(webhookBody, fc.nat(), fc.integer({ min: 1, max: 255 }), async (body, position, xor) => {
          const original = JSON.stringify(body)
          const headers = { 'FPJS-Event-Signature': signWebhookBody(original, fuzzWebhookSecret) }
          const settings = { webhookSecret: fuzzWebhookSecret, maxEventAgeSeconds: '0' }

          const genuine = await sandbox.run({ body: original, headers }, settings)
          expect(genuine.error?.message ?? '').not.toMatch(signatureError)

          const bytes = Buffer.from(original, 'utf8')
          const index = position % bytes.length
          bytes[index] = (bytes[index] as number) ^ xor
          // What the runtime's request.text() would give for these bytes (invalid UTF-8 becomes U+FFFD).
          const tampered = new TextDecoder().decode(bytes)
          const result = await sandbox.run({ body: tampered, headers }, settings)
          expect(result.calls).toEqual([])
          expect(result.error).toMatchObject({ name: 'ValidationError', isRuntimeClass: true })
          // A tampered body that happens to be sorted, compact JSON is reported as re-serialized (as a
          // deployed function's body is); either way it is refused.
          expect(result.error?.message).toMatch(/does not match the body|re-serialized with sorted keys/)
        }),
        { numRuns: 1_500 },
      )
    },
    fuzzTimeout,
  )

  it(
    'no generated header is accepted unless it carries the real signature (1,000 cases)',
    () => {
      const body = '{"event_id":"1708102555327.NLOjmg","timestamp":1708102555327}'
      const genuine = hmacSha256Hex(body, fuzzWebhookSecret)
      const item = fc.oneof(
        fc.constant(`v1=${genuine}`),
        hex64.map((hex) => `v1=${hex}`),
        fc
          .tuple(fc.constantFrom('v0', 'v2', 'V1', ' v1 ', 'v1'), text)
          .map(([version, value]) => `${version}=${value}`),
        text,
      )
      fc.assert(
        fc.property(fc.array(item, { maxLength: 5 }), fc.constantFrom(',', ', ', ' ,'), (items, separator) => {
          const header = items.join(separator)
          const carriesGenuine = items.some((part) => part.trim().toLowerCase() === `v1=${genuine}`)
          expect(isValidWebhookSignature(body, header, [fuzzWebhookSecret])).toBe(carriesGenuine)
        }),
        { numRuns: 1_000 },
      )
    },
    fuzzTimeout,
  )
})

describe('fuzz: identity proofs', () => {
  const secret = 'fuzz-identity-secret'
  const now = Date.UTC(2025, 5, 1)
  const userId = fc
    .oneof(fc.string({ minLength: 1, maxLength: 64 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 64 }))
    .filter((id) => id.trim() !== '')

  it(
    'a proof verifies for its own userId only, and not once any character of it changes (1,000 cases)',
    () => {
      fc.assert(
        fc.property(userId, userId, fc.nat(), fc.integer({ min: 1, max: 0xffff }), (id, otherId, position, delta) => {
          const token = signIdentity({ userId: id, expiresAt: now + 60_000 }, secret)
          expect(verifyIdentityProof(token, id, [secret], now).verified).toBe(true)
          if (otherId !== id) expect(verifyIdentityProof(token, otherId, [secret], now).verified).toBe(false)
          const index = position % token.length
          const changed = String.fromCharCode((token.charCodeAt(index) + delta) % 0x10000)
          const tampered = token.slice(0, index) + changed + token.slice(index + 1)
          expect(verifyIdentityProof(tampered, id, [secret], now).verified).toBe(false)
        }),
        { numRuns: 1_000 },
      )
    },
    fuzzTimeout,
  )

  it(
    'no generated token verifies (1,000 cases)',
    () => {
      const token = fc.oneof(
        text,
        fc.tuple(fc.nat(), hex64).map(([expiry, mac]) => `fpid1.${expiry}.${mac}`),
        fc.tuple(fc.nat(), fc.base64String()).map(([expiry, mac]) => `fpid1.${expiry}.${mac}`),
      )
      fc.assert(
        fc.property(token, userId, (candidate, id) => {
          expect(verifyIdentityProof(candidate, id, [secret], now).verified).toBe(false)
        }),
        { numRuns: 1_000 },
      )
    },
    fuzzTimeout,
  )
})
