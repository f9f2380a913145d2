/**
 * The security settings (webhookSecret, identitySecret, maxEventAgeSeconds, replayedEvents) and
 * the tag limit, checked on the BUILT bundle in the Segment-like sandbox and through
 * the pipeline in this realm (`processWebhook`: what every host runs). Events are made fresh with the real clock.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { processWebhook } from './process-webhook'
import { ValidationError } from '../src/segment/errors'
import { signIdentity } from '../src/security/identity-proof'
import { hmacSha256Hex, signWebhookBody } from '../src/security/webhook-signature'
import { maxEventIdLength } from '../src/envelope/event-id'
import { printableEventId } from '../src/envelope/event-id'
import { assertDeliverableCall } from '@fingerprint-segment/test-kit'
import { officialFixture, withSegmentPayload } from '@fingerprint-segment/test-kit'
import { loadAuthenticatedFunction, loadBuiltFunction, type FunctionSandbox } from '@fingerprint-segment/test-kit'

let sandbox: FunctionSandbox
/** The Functions editor's tester: the only place in Segment where a function sees the raw body. */
let tester: FunctionSandbox
beforeAll(() => {
  sandbox = loadAuthenticatedFunction()
  tester = loadBuiltFunction({ mode: 'tester' })
})

/** An official example re-timestamped `ageSeconds` ago, carrying `payload` in its tag. */
function freshBody(format: 'v3' | 'v4', payload: unknown, ageSeconds = 5, extra: Record<string, unknown> = {}): string {
  const timestamp = Date.now() - ageSeconds * 1000
  const base = format === 'v4' ? officialFixture('v4/webhook.json') : officialFixture('v3/webhook.json')
  const timed =
    format === 'v4' ? { ...base, timestamp } : { ...base, timestamp, time: new Date(timestamp).toISOString() }
  return JSON.stringify(withSegmentPayload({ ...timed, ...extra }, payload))
}

const webhookSecret = 'whsec-current'

describe('webhookSecret: signed webhooks, where the raw body is seen (the Functions tester; the receiver runs the same pipeline)', () => {
  const body = freshBody('v4', { identify: { userId: 'user-1' } })

  it('accepts a webhook signed with the secret, over the raw body', async () => {
    const result = await tester.run(
      { body, headers: { 'FPJS-Event-Signature': signWebhookBody(body, webhookSecret) } },
      { webhookSecret },
    )
    expect(result.error).toBeUndefined()
    expect(result.calls.map((call) => call.type)).toEqual(['identify'])
  })

  it('accepts the signature of either secret while rotating, in any order, with spaces', async () => {
    const header = `${signWebhookBody(body, 'whsec-old')} , v1=${'0'.repeat(64)}`
    const result = await tester.run(
      { body, headers: { 'fpjs-event-signature': header } },
      { webhookSecret: `${webhookSecret}, whsec-old` },
    )
    expect(result.error).toBeUndefined()
    expect(result.calls).toHaveLength(1)
  })

  it.each([
    ['no signature header', {}, /no FPJS-Event-Signature header/],
    [
      'a signature made with another secret',
      { 'FPJS-Event-Signature': signWebhookBody(body, 'attacker') },
      /does not match/,
    ],
    ['only an unknown version', { 'FPJS-Event-Signature': `v9=${hmacSha256Hex(body, webhookSecret)}` }, /no v1=<hex>/],
  ])('rejects %s with ValidationError and emits nothing', async (_label, headers, message) => {
    const result = await tester.run({ body, headers }, { webhookSecret })
    expect(result.calls).toEqual([])
    expect(result.error).toMatchObject({ name: 'ValidationError', isRuntimeClass: true })
    expect(result.error?.message).toMatch(message)
  })

  it('rejects a signed body re-serialized with another key order (the signature is over the raw text)', async () => {
    const reordered = JSON.stringify(
      Object.fromEntries(Object.entries(JSON.parse(body) as Record<string, unknown>).reverse()),
    )
    const result = await tester.run(
      { body: reordered, headers: { 'FPJS-Event-Signature': signWebhookBody(body, webhookSecret) } },
      { webhookSecret },
    )
    expect(result.error).toMatchObject({ name: 'ValidationError' })
    expect(result.calls).toEqual([])
  })

  it('rejects an unsigned body before parsing it (even when it is not JSON)', async () => {
    const result = await tester.run({ body: '{not json' }, { webhookSecret })
    expect(result.error).toMatchObject({ name: 'ValidationError' })
  })

  it('without a secret, maps an unsigned webhook only with another authentication or the explicit opt-out', async () => {
    const refused = await tester.run({ body })
    expect(refused.calls).toEqual([])
    expect(refused.error).toMatchObject({ name: 'ValidationError', isRuntimeClass: true })
    expect(refused.error?.message).toMatch(/No authentication is configured/)
    const optedOut = await tester.run({ body }, { acceptUnauthenticatedWebhooks: true })
    expect(optedOut.error).toBeUndefined()
    expect(optedOut.calls).toHaveLength(1)
    expect(optedOut.logs.join('\n')).toMatch(/not authenticated \(acceptUnauthenticatedWebhooks is true\)/)
  })

  it('refuses to check a signature on a runtime with json() only, rather than re-serializing', async () => {
    const request = {
      json: () => JSON.parse(body) as unknown,
      headers: new Headers({ 'FPJS-Event-Signature': signWebhookBody(body, webhookSecret) }),
    }
    await expect(processWebhook(request, { webhookSecret })).rejects.toThrow(/no raw body/)
  })
})

describe('webhookSecret in a deployed Source Function (Segment re-serializes the body with sorted keys)', () => {
  const body = freshBody('v4', { identify: { userId: 'user-1' } })

  it('cannot check a genuine signature, and says why and what to use instead', async () => {
    const result = await sandbox.run(
      { body, headers: { 'FPJS-Event-Signature': signWebhookBody(body, webhookSecret) } },
      { webhookSecret },
    )
    expect(result.calls).toEqual([])
    expect(result.error).toMatchObject({ name: 'ValidationError', isRuntimeClass: true })
    expect(result.error?.message).toMatch(/re-serialized with sorted keys/)
    expect(result.error?.message).toMatch(/fingerprintServerApiKey/)
    expect(result.error?.message).toMatch(/webhookToken/)
  })

  it('still answers a forged signature with the plain mismatch when the body was not re-serialized', async () => {
    const result = await tester.run(
      { body, headers: { 'FPJS-Event-Signature': signWebhookBody(body, 'x') } },
      { webhookSecret },
    )
    expect(result.error?.message).toMatch(/does not match/)
  })
})

describe('identitySecret: verified identities', () => {
  const identitySecret = 'idsec-current'
  const proofFor = (userId: string, expiresInSeconds = 600): string =>
    signIdentity({ userId, expiresAt: Date.now() + expiresInSeconds * 1000 }, identitySecret)

  it('uses the userId with a valid proof for it, and says so', async () => {
    const body = freshBody('v3', {
      identityProof: proofFor('user-1'),
      identify: { userId: 'user-1' },
      track: { event: 'Signed In' },
    })
    const { calls, error } = await sandbox.run({ body }, { identitySecret })
    expect(error).toBeUndefined()
    expect(calls).toHaveLength(2)
    for (const call of calls) {
      assertDeliverableCall(call)
      expect(call.payload).toMatchObject({ userId: 'user-1', context: { fingerprint: { identityVerified: true } } })
      expect(JSON.stringify(call.payload)).not.toContain('fpid1.')
    }
  })

  it.each([
    ['no proof', undefined, 'missing'],
    ["another user's proof", 'victim-proof', 'bad-signature'],
    ['an expired proof', 'expired', 'expired'],
    ['a made-up proof', 'fpid1.9999999999.' + 'a'.repeat(64), 'bad-signature'],
  ])('a forged userId with %s goes out without userId, kept as claimedUserId', async (_label, proofKind, reason) => {
    const proof =
      proofKind === 'victim-proof' ? proofFor('attacker') : proofKind === 'expired' ? proofFor('victim', -1) : proofKind
    const body = freshBody('v4', {
      identityProof: proof,
      identify: { userId: 'victim' },
      track: { event: 'Signed In' },
    })
    const { calls, error, logs } = await sandbox.run({ body }, { identitySecret })
    expect(error).toBeUndefined()
    expect(calls).toHaveLength(2)
    for (const call of calls) {
      assertDeliverableCall(call)
      expect(call.payload.userId).toBeUndefined()
      expect(call.payload.context).toMatchObject({
        fingerprint: { identityVerified: false, claimedUserId: 'victim', identityProofError: reason },
      })
    }
    expect(logs.join('\n')).toMatch(new RegExp(`userId not used \\(identity proof ${reason}\\)`))
  })

  it('a customer context cannot overwrite identityVerified', async () => {
    const body = freshBody('v4', {
      identify: { userId: 'victim' },
      track: { event: 'X', context: { fingerprint: { identityVerified: true } } },
    })
    const { calls } = await sandbox.run({ body }, { identitySecret })
    expect(calls[1]?.payload).toMatchObject({ context: { fingerprint: { identityVerified: false } } })
    expect(calls[1]?.payload.userId).toBeUndefined()
  })

  it('without identitySecret the claimed userId is used as before, with no identity fields', async () => {
    const body = freshBody('v4', { identify: { userId: 'user-1' } })
    const { calls } = await sandbox.run({ body })
    expect(calls[0]?.payload.userId).toBe('user-1')
    expect(calls[0]?.payload.context).not.toHaveProperty('fingerprint.identityVerified')
  })
})

describe("Fingerprint's Send Test Event", () => {
  it('an old sample event without a Segment payload is answered quietly under the default age limit: no error, nothing emitted', async () => {
    // What the dashboard sends is undocumented; expect a fixed, old sample like the OpenAPI example (February 2024).
    for (const path of ['v4/webhook.json', 'v3/webhook.json'] as const) {
      const { calls, error, logs } = await sandbox.run({ body: JSON.stringify(officialFixture(path)) })
      expect(error).toBeUndefined()
      expect(calls).toEqual([])
      expect(logs.join('\n')).toMatch(/no integrations\.segment in the tag; nothing to emit/)
    }
  })

  it('the same old event with a Segment payload is refused as stale', async () => {
    const { error } = await sandbox.run({
      body: JSON.stringify(withSegmentPayload(officialFixture('v4/webhook.json'), {})),
    })
    expect(error).toMatchObject({ name: 'ValidationError', message: expect.stringMatching(/maxEventAgeSeconds/) })
  })
})

describe('maxEventAgeSeconds: stale and replayed webhooks', () => {
  it.each([
    ['v3', 29 * 60],
    ['v4', 29 * 60],
    ['v4', -60],
  ] as const)('accepts a %s event %i s old under the default 1800 s', async (format, age) => {
    const { error, calls } = await sandbox.run({ body: freshBody(format, {}, age) })
    expect(error).toBeUndefined()
    expect(calls).toHaveLength(1)
  })

  it.each([
    ['v3', 31 * 60, /over the maxEventAgeSeconds limit of 1800 s/],
    ['v4', 31 * 60, /over the maxEventAgeSeconds limit of 1800 s/],
    ['v4', -10 * 60, /in the future/],
  ] as const)('rejects a %s event %i s old under the default', async (format, age, message) => {
    const { error, calls } = await sandbox.run({ body: freshBody(format, {}, age) })
    expect(calls).toEqual([])
    expect(error).toMatchObject({ name: 'ValidationError', isRuntimeClass: true })
    expect(error?.message).toMatch(message)
  })

  it('follows a custom limit, and 0 turns the check off', async () => {
    expect(
      (await sandbox.run({ body: freshBody('v4', {}, 120) }, { maxEventAgeSeconds: '60' })).error?.message,
    ).toMatch(/limit of 60 s/)
    expect(
      (await sandbox.run({ body: freshBody('v4', {}, 86_400 * 365) }, { maxEventAgeSeconds: '0' })).error,
    ).toBeUndefined()
  })

  it('the pipeline takes the time from its host (what a host or test can pin)', async () => {
    const body = freshBody('v4', {}, 0)
    const request = { text: () => body }
    const settings = { acceptUnauthenticatedWebhooks: true }
    await expect(processWebhook(request, settings, { now: Date.now() + 3_600_000 })).rejects.toBeInstanceOf(
      ValidationError,
    )
    await expect(processWebhook(request, settings, { now: Date.now() })).resolves.toMatchObject({ status: 'emitted' })
  })
})

describe('replayedEvents', () => {
  const body = freshBody('v4', { track: { event: 'Checkout' } }, 5, { replayed: true })

  it('flag (default): emitted, with context.fingerprint.replayed true', async () => {
    const { calls, error } = await sandbox.run({ body })
    expect(error).toBeUndefined()
    expect(calls).toHaveLength(2)
    for (const call of calls) expect(call.payload).toMatchObject({ context: { fingerprint: { replayed: true } } })
  })

  it('drop: nothing emitted, and the log says why', async () => {
    const { calls, error, logs } = await sandbox.run({ body }, { replayedEvents: 'drop' })
    expect(error).toBeUndefined()
    expect(calls).toEqual([])
    expect(logs.join('\n')).toMatch(/marks this event replayed and replayedEvents is drop/)
  })

  it('drop leaves events that are not replayed alone', async () => {
    const { calls } = await sandbox.run(
      { body: freshBody('v4', {}, 5, { replayed: false }) },
      { replayedEvents: 'drop' },
    )
    expect(calls).toHaveLength(1)
    expect(calls[0]?.payload).toMatchObject({ context: { fingerprint: { replayed: false } } })
  })
})

describe('limits', () => {
  it('a tag over 16 KB is rejected with ValidationError', async () => {
    const { calls, error } = await sandbox.run({
      body: freshBody('v3', { identify: { traits: { blob: 'b'.repeat(17 * 1024) } } }),
    })
    expect(calls).toEqual([])
    expect(error).toMatchObject({ name: 'ValidationError', isRuntimeClass: true })
    expect(error?.message).toMatch(/tag is (at least )?\d+ bytes, over Fingerprint's 16384-byte tag limit/)
  })

  it('a tag just under 16 KB goes through', async () => {
    const { calls, error } = await sandbox.run({
      body: freshBody('v4', { identify: { traits: { blob: 'b'.repeat(16_000) } } }),
    })
    expect(error).toBeUndefined()
    expect(calls).toHaveLength(1)
    calls.forEach(assertDeliverableCall)
  })

  /** A payload whose track properties hold arrays nested `depth` levels, spliced in as text (serializing it here could overflow the stack). */
  const deepTrackBody = (depth: number): string =>
    freshBody('v4', { track: { event: 'Deep', properties: { deep: 'DEEP' } } }).replace(
      '"DEEP"',
      `${'['.repeat(depth)}${']'.repeat(depth)}`,
    )

  it('customer data nested over 64 levels: that call dropped with a logged reason', async () => {
    const { calls, error, logs } = await sandbox.run({ body: deepTrackBody(100) })
    expect(error).toBeUndefined()
    expect(calls.map((call) => call.type)).toEqual(['identify'])
    expect(logs.join('\n')).toMatch(
      /track dropped: tags\.integrations\.segment\.track\.properties nests more than 64 levels deep/,
    )
  })

  it('a tag nested thousands of levels deep: ValidationError, never a RangeError', async () => {
    const { calls, error } = await sandbox.run({ body: deepTrackBody(5000) })
    expect(calls).toEqual([])
    expect(error).toMatchObject({
      name: 'ValidationError',
      isRuntimeClass: true,
      message: "The event's tags nests more than 128 levels deep.",
    })
  })

  it('a call over 32 KB from an oversized event is shed, then dropped with a logged reason, never sent', async () => {
    const body = freshBody('v4', { track: { event: 'Big', properties: { blob: 'x'.repeat(15_000) } } }, 5, {
      linked_id: 'l'.repeat(17_500),
    })
    const { calls, error, logs } = await sandbox.run({ body })
    expect(error).toBeUndefined()
    expect(calls.map((call) => call.type)).toEqual(['identify'])
    calls.forEach(assertDeliverableCall)
    expect(logs.join('\n')).toMatch(/track dropped: the call is \d+ bytes, over Segment's 32000-byte event limit/)
  })
})

describe('console output and error messages stay bounded (Segment keeps 4 KB of console output)', () => {
  const hugeId = `${'E'.repeat(20_000)}\nforged line`
  it.each([
    ['a line break', `1708102555327.NLOjmg\nINFO forged line`],
    ['as long as an id may be, plus one', `1708102555327.${'E'.repeat(maxEventIdLength - 13)}`],
  ])('an event id with %s is refused, escaped and cut in the error, never logged', async (_label, id) => {
    const { calls, error, logs } = await sandbox.run({ body: freshBody('v4', { track: {} }, 5, { event_id: id }) })
    expect(calls).toEqual([])
    expect(logs).toEqual([])
    expect(error).toMatchObject({ name: 'InvalidEventPayload', isRuntimeClass: true })
    expect(error?.message).toContain(printableEventId(id))
    expect(error?.message).not.toContain('\nINFO')
  })

  it.each([
    ['stale', freshBody('v3', {}, 3600, { requestId: hugeId })],
    ['without a timestamp', JSON.stringify({ event_id: hugeId, timestamp: 'yesterday' })],
    [
      'without an identity',
      JSON.stringify({ event_id: hugeId, timestamp: Date.now(), tags: { integrations: { segment: {} } } }),
    ],
  ])('a huge event id is refused first, cut in the error (%s)', async (_label, body) => {
    const { calls, error, logs } = await sandbox.run({ body })
    expect(calls).toEqual([])
    expect(logs).toEqual([])
    expect(error).toMatchObject({ name: 'InvalidEventPayload', isRuntimeClass: true })
    expect(error?.message).toContain(`${printableEventId(hugeId)} is not shaped like a Fingerprint event id`)
    expect(error?.message.length).toBeLessThan(300)
  })
})
