/**
 * One test per way a webhook could once reach Segment unverified, or an identifier reach Segment's
 * identity graph unproven (issue 17, "What is wrong"), on the BUILT bundle in the sandbox's
 * deployed mode against a local stand-in of Fingerprint's Server API.
 */
import { describe, expect, it } from 'vitest'
import { useBundleWithServerApi } from './bundle-with-server-api'
import { maxServerApiAnswerBytes } from '../src/fingerprint-api/server-api'
import { signIdentity } from '../src/security/identity-proof'
import { testWebhookToken } from '@fingerprint-segment/test-kit'
import { officialFixture, withSegmentPayload } from '@fingerprint-segment/test-kit'

const bundle = useBundleWithServerApi()

const forgedClaim = { anonymousId: 'ajs-victim', identify: { userId: 'usr_admin', traits: { role: 'admin' } } }
const freshV3 = () => ({
  ...officialFixture('v3/webhook.json'),
  requestId: `${Date.now()}.forged`,
  timestamp: Date.now(),
})
const freshV4 = () => ({
  ...officialFixture('v4/webhook.json'),
  event_id: `${Date.now()}.forged`,
  timestamp: Date.now(),
})
const serverApiOnly = () => ({ fingerprintServerApiKey: bundle.api.secretKey })
const tokenUrl = `https://fn.segmentapis.com/?b=ZmluZ2VycHJpbnQtc2VnbWVudA&token=${testWebhookToken}`

describe('1. the Server API check cannot be skipped by the body', () => {
  it.each([
    ['""', ''],
    ['null', null],
    ['0', 0],
    ['{}', {}],
    ['[]', []],
    ['true', true],
  ])(
    'a forged v3 webhook with "event_id": %s is refused before any lookup, and emits nothing',
    async (_label, value) => {
      const forged = { ...withSegmentPayload(freshV3(), forgedClaim), event_id: value }
      const before = bundle.api.requests.length
      const { calls, error } = await bundle.sandbox.run({ body: JSON.stringify(forged) }, serverApiOnly())
      expect(calls).toEqual([])
      expect(error).toMatchObject({ name: 'InvalidEventPayload', isRuntimeClass: true })
      expect(error?.message).toMatch(/v4 webhook's `event_id`/)
      expect(bundle.api.requests.length).toBe(before)
    },
  )

  it('a forged v3 webhook with a well-formed id is looked up, and emits nothing when Fingerprint does not know it', async () => {
    const { calls, error } = await bundle.sandbox.run(
      { body: JSON.stringify(withSegmentPayload(freshV3(), forgedClaim)) },
      serverApiOnly(),
    )
    expect(calls).toEqual([])
    expect(error).toMatchObject({ name: 'ValidationError' })
    expect(error?.message).toMatch(/answered 404/)
  })

  it('a v4 id beside a forged v3 tag: the lookup is for the v4 id and the v3 tag is never read', async () => {
    const stored = withSegmentPayload(freshV4(), { anonymousId: 'ajs-real', identify: { userId: 'usr_real' } })
    bundle.api.store(stored)
    const forged = { ...stored, tags: {}, tag: { integrations: { segment: forgedClaim } } }
    const { calls, error } = await bundle.sandbox.run({ body: JSON.stringify(forged) }, serverApiOnly())
    // The body's own reading (v4, empty tags) has no call to make: answered quietly, nothing emitted.
    expect(error).toBeUndefined()
    expect(calls).toEqual([])
  })
})

describe('2. a function without authentication settings fails closed', () => {
  it('refuses a webhook that would emit calls, naming both settings and how to declare them', async () => {
    const { calls, error } = await bundle.sandbox.run(
      { body: JSON.stringify(withSegmentPayload(freshV4(), forgedClaim)) },
      {},
    )
    expect(calls).toEqual([])
    expect(error).toMatchObject({ name: 'ValidationError', isRuntimeClass: true })
    expect(error?.message).toContain(
      'Label "Fingerprint Server Api Key", which makes the Name fingerprintServerApiKey, Encrypted',
    )
    expect(error?.message).toContain('Label "Webhook Token", which makes the Name webhookToken, Encrypted')
    expect(error?.message).toContain('acceptUnauthenticatedWebhooks')
  })

  it("still answers the dashboard's test event quietly", async () => {
    const { calls, error, logs } = await bundle.sandbox.run(
      { body: JSON.stringify(officialFixture('v4/webhook.json')) },
      {},
    )
    expect(error).toBeUndefined()
    expect(calls).toEqual([])
    expect(logs.join('\n')).toMatch(/no integrations\.segment in the tag; nothing to emit/)
  })

  it.each([
    ['fingerprintServerAPIKey', 'fingerprintServerApiKey'],
    ['webhooktoken', 'webhookToken'],
    ['webhook_token', 'webhookToken'],
    ['identitySecrets', 'identitySecret'],
  ])('refuses a setting declared as %s, naming %s and its Label', async (wrong, right) => {
    const { calls, error } = await bundle.sandbox.run(
      { body: JSON.stringify(withSegmentPayload(freshV4(), forgedClaim)) },
      { [wrong]: 'some-value' },
    )
    expect(calls).toEqual([])
    expect(error).toMatchObject({ name: 'ValidationError' })
    expect(error?.message).toContain(`"${wrong}", which it does not read: did you mean ${right}?`)
    expect(error?.message).toMatch(/Declare it with Label "/)
  })

  it('maps unauthenticated webhooks with acceptUnauthenticatedWebhooks, with a one-line warning per webhook', async () => {
    const body = JSON.stringify(withSegmentPayload(freshV4(), { identify: { userId: 'u-1' } }))
    for (let index = 0; index < 2; index++) {
      const { calls, error, logs } = await bundle.sandbox.run({ body }, { acceptUnauthenticatedWebhooks: true })
      expect(error).toBeUndefined()
      expect(calls.map((call) => call.type)).toEqual(['identify'])
      expect(logs.filter((line) => /not authenticated/.test(line))).toHaveLength(1)
    }
  })
})

describe('3. without a valid proof, no identifier reaches a field Segment promotes to an external id', () => {
  const identitySecret = 'idsec-current'
  const settings = (extra: Record<string, unknown> = {}) => ({
    webhookToken: testWebhookToken,
    identitySecret,
    ...extra,
  })
  const run = (payload: unknown, extra: Record<string, unknown> = {}) =>
    bundle.sandbox.run({ body: JSON.stringify(withSegmentPayload(freshV4(), payload)), url: tokenUrl }, settings(extra))

  it("withholds Google Analytics' clientId from context.integrations and from a spec's integrations", async () => {
    const ga = { 'Google Analytics': { clientId: 'GA1.2.victim' } }
    const { calls, error } = await run({
      identify: { userId: 'usr_admin', context: { integrations: ga }, integrations: ga },
      track: { event: 'Viewed', integrations: { ...ga, Amplitude: true } },
    })
    expect(error).toBeUndefined()
    expect(JSON.stringify(calls)).not.toContain('GA1.2.victim')
    const track = calls.find((call) => call.type === 'track')
    expect(track?.payload.integrations).toEqual({ 'Google Analytics': {}, Amplitude: true })
    expect(calls[0]?.payload.context).toMatchObject({
      fingerprint: {
        identityVerified: false,
        withheldIdentifiers: expect.arrayContaining([
          'identify.context.integrations["Google Analytics"].clientId',
          'identify.integrations["Google Analytics"].clientId',
          'track.integrations["Google Analytics"].clientId',
        ]) as unknown,
      },
    })
  })

  it("withholds the custom identifiers (phone by default, the customer's own with customIdentifiers)", async () => {
    const payload = {
      identify: { traits: { phone: '+1555', loyalty_id: 'L-1', plan: 'pro' } },
      track: { event: 'Bought', properties: { phone: '+1555', loyalty_id: 'L-1', sku: 's' } },
    }
    const byDefault = await run(payload)
    expect(byDefault.calls.find((call) => call.type === 'track')?.payload.properties).toEqual({
      loyalty_id: 'L-1',
      sku: 's',
    })
    const custom = await run(payload, { customIdentifiers: 'loyalty_id' })
    expect(custom.calls.find((call) => call.type === 'track')?.payload.properties).toEqual({ phone: '+1555', sku: 's' })
    expect(custom.calls.find((call) => call.type === 'identify')?.payload.traits).toMatchObject({ phone: '+1555' })
    expect(custom.calls.find((call) => call.type === 'identify')?.payload.traits).not.toHaveProperty('loyalty_id')
  })

  it('refuses a proof minted for another anonymousId (copied from one visitor to another)', async () => {
    const proof = signIdentity(
      { userId: 'usr_1', anonymousId: 'ajs-first', expiresAt: Date.now() + 600_000 },
      identitySecret,
    )
    const claim = (anonymousId: string) => ({ anonymousId, identify: { userId: 'usr_1' }, identityProof: proof })
    const own = await run(claim('ajs-first'))
    expect(own.calls[0]?.payload).toMatchObject({ userId: 'usr_1', anonymousId: 'ajs-first' })
    const copied = await run(claim('ajs-second'))
    expect(copied.error).toBeUndefined()
    expect(copied.calls[0]?.payload).not.toHaveProperty('userId')
    expect(copied.calls[0]?.payload.context).toMatchObject({
      fingerprint: { identityVerified: false, claimedUserId: 'usr_1', identityProofError: 'bad-signature' },
    })
  })
})

describe('4. the smaller ones', () => {
  it.each(['.', '..'])('the id %j is refused before any lookup', async (id) => {
    const before = bundle.api.requests.length
    const forged = { ...withSegmentPayload(freshV4(), forgedClaim), event_id: id }
    const { calls, error } = await bundle.sandbox.run({ body: JSON.stringify(forged) }, serverApiOnly())
    expect(calls).toEqual([])
    expect(error).toMatchObject({ name: 'InvalidEventPayload' })
    expect(bundle.api.requests.length).toBe(before)
  })

  it.each([true, false])(
    'a 50 MB Server API answer (Content-Length given: %s) is refused without reading the rest',
    async (declareLength) => {
      const bytes = 50 * 1024 * 1024
      bundle.api.setMode({ kind: 'oversized', bytes, declareLength })
      const { calls, error } = await bundle.sandbox.run(
        { body: JSON.stringify(withSegmentPayload(freshV4(), forgedClaim)) },
        serverApiOnly(),
      )
      expect(calls).toEqual([])
      expect(error).toMatchObject({ name: 'ValidationError' })
      expect(error?.message).toContain(`over ${maxServerApiAnswerBytes} bytes`)
      // What left the stand-in before the connection closed: the cap and what socket buffers hold, not 50 MB.
      await new Promise((resolve) => setImmediate(resolve))
      expect(bundle.api.oversizedBytesWritten).toBeLessThan(bytes / 5)
    },
  )

  it('takes one token parameter only: eight are not eight guesses', async () => {
    const guesses = Array.from({ length: 7 }, (_unused, index) => `&token=guess${index}`).join('')
    const { calls, error } = await bundle.sandbox.run(
      { body: JSON.stringify(withSegmentPayload(freshV4(), forgedClaim)), url: `${tokenUrl}${guesses}` },
      { webhookToken: testWebhookToken },
    )
    expect(calls).toEqual([])
    expect(error?.message).toMatch(/has 8 token parameters; it must have exactly one/)
  })
})
