/**
 * fast-check generators for the property-based tests: Fingerprint v3/v4 webhook bodies carrying
 * Segment payloads, from well-formed to hostile (wrong types, huge and odd unicode strings,
 * `__proto__`/`constructor` keys, forged identities and proofs, stale and future timestamps).
 */
import fc from 'fast-check'
import { hostileJson, hostileKey, text } from '@fingerprint-segment/test-kit'
import { readEnvelope } from '../src/envelope/read-envelope'
import { ownMember } from '../src/lib/json'
import { signIdentity } from '../src/security/identity-proof'

export const fuzzIdentitySecret = 'fuzz-identity-secret'
export const fuzzWebhookSecret = 'fuzz-webhook-secret'

/** A JSON object with hostile keys (traits, properties, context). */
const hostileObject = fc.dictionary(hostileKey, hostileJson, { maxKeys: 6 })

/** Usually a value of the expected kind, sometimes anything at all, sometimes absent. */
function mostly<T>(good: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 5, arbitrary: good }, { weight: 1, arbitrary: hostileJson })
}

const userIdArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('user-1', 'victim', 'admin', '42') },
  { weight: 2, arbitrary: text },
  { weight: 1, arbitrary: fc.integer() },
)

type ProofKind = 'none' | 'valid' | 'other-user' | 'expired' | 'junk' | 'hostile'

/** The Segment payload a (possibly malicious) browser puts in the tag. */
const segmentPayload = fc
  .record(
    {
      skipIntegration: fc.oneof(
        { weight: 6, arbitrary: fc.constant(false) },
        { weight: 1, arbitrary: fc.constant(true) },
        { weight: 1, arbitrary: hostileJson },
      ),
      anonymousId: mostly(fc.oneof(fc.constantFrom('ajs-anon-1'), text)),
      identify: mostly(fc.record({ userId: userIdArb, traits: mostly(hostileObject) }, { requiredKeys: [] })),
      page: mostly(
        fc.record(
          {
            name: mostly(text),
            category: mostly(text),
            properties: mostly(hostileObject),
            context: mostly(hostileObject),
          },
          { requiredKeys: [] },
        ),
      ),
      track: mostly(
        fc.record(
          { event: mostly(text), properties: mostly(hostileObject), context: mostly(hostileObject) },
          { requiredKeys: [] },
        ),
      ),
      group: mostly(
        fc.record(
          { groupId: mostly(fc.oneof(text, fc.integer())), traits: mostly(hostileObject) },
          { requiredKeys: [] },
        ),
      ),
      screen: mostly(
        fc.record(
          { name: mostly(text), properties: mostly(hostileObject), context: mostly(hostileObject) },
          { requiredKeys: [] },
        ),
      ),
    },
    { requiredKeys: [] },
  )
  .chain((payload) =>
    fc.record({
      payload: fc.constant(payload),
      proofKind: fc.constantFrom<ProofKind>('none', 'valid', 'valid', 'other-user', 'expired', 'junk', 'hostile'),
      hostileProof: hostileJson,
    }),
  )
  .map(({ payload, proofKind, hostileProof }) => {
    const identify = (payload as { identify?: unknown }).identify
    const claimed =
      typeof identify === 'object' && identify !== null ? (identify as { userId?: unknown }).userId : undefined
    const userId =
      typeof claimed === 'number'
        ? String(claimed)
        : typeof claimed === 'string' && claimed.trim() !== '' && claimed.length <= 256
          ? claimed
          : 'someone'
    const inTenMinutes = Date.now() + 600_000
    const proofs: Record<ProofKind, unknown> = {
      none: undefined,
      valid: signIdentity({ userId, expiresAt: inTenMinutes }, fuzzIdentitySecret),
      'other-user': signIdentity({ userId: `${userId}-other`, expiresAt: inTenMinutes }, fuzzIdentitySecret),
      expired: signIdentity({ userId, expiresAt: Date.now() - 1000 }, fuzzIdentitySecret),
      junk: `fpid1.${Math.floor(inTenMinutes / 1000)}.${'0'.repeat(64)}`,
      hostile: hostileProof,
    }
    return proofKind === 'none' ? payload : { ...payload, identityProof: proofs[proofKind] }
  })

/** A tag: usually `{ integrations: { segment } }`, sometimes junk of any shape. */
const tagArb = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(segmentPayload, hostileObject)
      .map(([segment, extra]) => ({ ...extra, integrations: { segment } })),
  },
  { weight: 1, arbitrary: hostileJson },
  { weight: 1, arbitrary: fc.record({ integrations: hostileJson }) },
)

/** Seconds before now the event happened: mostly fresh, sometimes stale or from the future. */
const ageSeconds = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 1700 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1900, max: 10_000_000 }) },
  { weight: 1, arbitrary: fc.integer({ min: -3600, max: -400 }) },
)

const eventId = fc.oneof(
  { weight: 10, arbitrary: fc.stringMatching(/^\d{13}\.[A-Za-z0-9]{6}$/) },
  { weight: 1, arbitrary: text },
  { weight: 1, arbitrary: hostileJson },
)
const visitorId = fc.oneof(
  { weight: 5, arbitrary: fc.stringMatching(/^[A-Za-z0-9]{20}$/) },
  { weight: 1, arbitrary: hostileJson },
)

/** `undefined` (use the generated age) nine times in ten, otherwise a hostile timestamp. */
const rarelyHostile = fc.oneof(
  { weight: 9, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.oneof(hostileJson, fc.constantFrom(1e20, -1e20, 8.64e15 + 1)) },
)

/** A v4 (snake_case) webhook body; `timestamp` is `ageSeconds` before the time of the run. */
export const v4Body = fc
  .record(
    {
      event_id: eventId,
      age: ageSeconds,
      badTimestamp: rarelyHostile,
      identification: mostly(
        fc.record(
          {
            visitor_id: visitorId,
            visitor_found: mostly(fc.boolean()),
            confidence: mostly(fc.record({ score: mostly(fc.double({ min: 0, max: 1, noNaN: true })) })),
          },
          { requiredKeys: [] },
        ),
      ),
      tags: tagArb,
      linked_id: mostly(text),
      url: mostly(fc.oneof(fc.webUrl(), text)),
      ip_address: mostly(fc.oneof(fc.ipV4(), text)),
      user_agent: mostly(text),
      replayed: mostly(fc.boolean()),
      bot: mostly(fc.constantFrom('not_detected', 'good', 'bad')),
      suspect_score: mostly(fc.integer({ min: 0, max: 100 })),
      sdk: mostly(fc.record({ platform: mostly(fc.constantFrom('js', 'ios', 'android')) }, { requiredKeys: [] })),
      bundle_id: mostly(text),
      extra: hostileObject,
    },
    { requiredKeys: ['event_id', 'age', 'tags', 'extra'] },
  )
  .map(({ age, badTimestamp, extra, ...fields }) => ({
    ...extra,
    ...fields,
    timestamp: badTimestamp ?? Date.now() - age * 1000,
  }))

/** A v3 (camelCase) webhook body; `timestamp` is `ageSeconds` before the time of the run. */
export const v3Body = fc
  .record(
    {
      requestId: eventId,
      age: ageSeconds,
      badTimestamp: rarelyHostile,
      visitorId,
      visitorFound: mostly(fc.boolean()),
      confidence: mostly(fc.record({ score: mostly(fc.double({ min: 0, max: 1, noNaN: true })) })),
      tag: tagArb,
      linkedId: mostly(text),
      url: mostly(fc.oneof(fc.webUrl(), text)),
      ip: mostly(fc.oneof(fc.ipV4(), text)),
      browserDetails: mostly(fc.record({ userAgent: mostly(text), browserName: mostly(text) }, { requiredKeys: [] })),
      replayed: mostly(fc.boolean()),
      bot: mostly(fc.record({ result: mostly(fc.constantFrom('notDetected', 'good', 'bad')) })),
      incognito: mostly(fc.boolean()),
      extra: hostileObject,
    },
    { requiredKeys: ['requestId', 'age', 'tag', 'extra'] },
  )
  .map(({ age, badTimestamp, extra, ...fields }) => {
    const timestamp = badTimestamp ?? Date.now() - age * 1000
    const time =
      typeof timestamp === 'number' && Number.isFinite(new Date(timestamp).getTime())
        ? new Date(timestamp).toISOString()
        : timestamp
    return { ...extra, ...fields, timestamp, time }
  })

/** Either format, or a body that is not a webhook at all. */
export const webhookBody: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: v4Body },
  { weight: 5, arbitrary: v3Body },
  { weight: 1, arbitrary: hostileJson },
)

/** The settings a run uses: none, or any mix of the security settings. */
export const fuzzSettings = fc.record(
  {
    identitySecret: fc.constant(fuzzIdentitySecret),
    replayedEvents: fc.constantFrom('flag', 'drop'),
    maxEventAgeSeconds: fc.constantFrom('0', '60', '1800'),
  },
  { requiredKeys: [] },
)

/** The `identityProof` a body carries, if any (read as the function reads bodies: `readEnvelope`). */
export function identityProofIn(body: unknown): unknown {
  let tag: unknown
  try {
    tag = readEnvelope(body).tag
  } catch {
    return undefined
  }
  return ownMember(ownMember(ownMember(tag, 'integrations'), 'segment'), 'identityProof')
}
