/**
 * fast-check generators for the authenticity properties: webhook bodies an attacker can send,
 * shaped to probe every reading of the envelope (format, event id, tag), and the wrong
 * authentications to send them with. Most bodies WOULD emit calls if nothing authenticated them
 * (a Segment payload with an identity and a Track, a fresh timestamp), so "no call is emitted" is
 * a claim about authentication, not about bodies that map to nothing anyway.
 */
import fc from 'fast-check'
import { hostileJson } from './hostile-json'

/** The secrets the authenticated hosts of these properties are set up with. */
export const rightWebhookToken = 'the-webhook-token'
export const rightWebhookSecret = 'the-webhook-secret'

/** A Fingerprint-shaped event id. */
const realisticId = fc.stringMatching(/^1[0-9]{12}\.[A-Za-z0-9]{6}$/)

/** Values an id member may hold that are not a Fingerprint id: the ones that once skipped authentication, and worse. */
const oddIdValue = fc.oneof(
  fc.constantFrom<unknown>('', null, 0, 1, -1, true, false, {}, [], '.', '..', ' ', '/', '../../v4/visitors/x'),
  fc.constantFrom<unknown>('1708102555327.NLOjmg/..', '1708102555327.NLOjmg?x=1', '1708102555327.NL\ud800mg'),
  fc.string({ maxLength: 60 }),
  hostileJson,
)

/** An id member: absent, a real-looking id, or an odd value. */
const idMember = fc.option(fc.oneof({ weight: 3, arbitrary: realisticId }, { weight: 2, arbitrary: oddIdValue }), {
  freq: 4,
})

/** A Segment payload that emits calls: an identity claim (an admin, a victim) and a Track. */
const callingPayload = fc.record(
  {
    anonymousId: fc.constantFrom('ajs-victim', 'ajs-attacker'),
    identify: fc.record({
      userId: fc.constantFrom('usr_admin', 'victim', 'usr_ceo'),
      traits: fc.constant({ email: 'attacker@example.com', role: 'admin' }),
    }),
    track: fc.constant({ event: 'Plan Upgraded', properties: { plan: 'enterprise' } }),
    skipIntegration: fc.constantFrom(false, false, false, true),
  },
  { requiredKeys: ['identify'] },
)

/** A tag member: absent, a tag carrying a calling payload, or junk. */
const tagMember = fc.option(
  fc.oneof(
    { weight: 5, arbitrary: callingPayload.map((segment) => ({ integrations: { segment } })) },
    { weight: 1, arbitrary: hostileJson },
  ),
  { freq: 5 },
)

/** Members a body may carry under a prototype-reaching key: what would confuse a reader that follows prototypes. */
const prototypeKeyMember = fc.option(
  fc.record({
    key: fc.constantFrom('__proto__', 'constructor', 'prototype'),
    value: fc.record({ event_id: realisticId, requestId: realisticId, tags: tagMember, tag: tagMember }),
  }),
  { freq: 3 },
)

/**
 * A webhook body as JSON text: any mix of `event_id`, `requestId`, `tag` and `tags`, each absent,
 * plausible or odd; a fresh timestamp (mostly), a visitor, and sometimes a prototype-reaching key
 * that holds ids and tags of its own (kept as an own member by JSON.parse).
 */
export const forgedWebhookBody: fc.Arbitrary<string> = fc
  .record({
    eventId: idMember,
    requestId: idMember,
    tags: tagMember,
    tag: tagMember,
    agedSeconds: fc.oneof(
      { weight: 9, arbitrary: fc.integer({ min: 0, max: 600 }) },
      fc.integer({ min: 3600, max: 90_000 }),
    ),
    prototypeKey: prototypeKeyMember,
  })
  .map(({ eventId, requestId, tags, tag, agedSeconds, prototypeKey }) => {
    const timestamp = Date.now() - agedSeconds * 1000
    const body: Record<string, unknown> = {
      timestamp,
      time: new Date(timestamp).toISOString(),
      identification: { visitor_id: 'forgedVisitor0000001' },
      visitorId: 'forgedVisitor0000001',
    }
    if (eventId !== null) body.event_id = eventId
    if (requestId !== null) body.requestId = requestId
    if (tags !== null) body.tags = tags
    if (tag !== null) body.tag = tag
    if (prototypeKey !== null) {
      // An own member, as JSON.parse makes it, whatever the key.
      Object.defineProperty(body, prototypeKey.key, { value: prototypeKey.value, enumerable: true })
    }
    return JSON.stringify(body)
  })

/** What a wrong `token=` looks like: missing, wrong, empty, repeated (one right among them), or cased differently. */
export const wrongTokenQuery = (right = rightWebhookToken): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constant(''),
    fc
      .string({ maxLength: 40 })
      .filter((token) => token !== right)
      .map((token) => `&token=${encodeURIComponent(token)}`),
    fc.constant(`&token=${right}&token=${right}`),
    fc.constant(`&token=wrong&token=${right}`),
    fc.constant(`&Token=${right}`),
    fc.constant(`&token=${right.slice(0, -1)}`),
  )

/** What a wrong `FPJS-Event-Signature` looks like: missing, another secret's, junk, an unknown version. */
export const wrongSignature = (
  sign: (body: string, secret: string) => string,
): fc.Arbitrary<(body: string) => string | undefined> =>
  fc.oneof(
    fc.constant(() => undefined),
    fc.constant((body: string) => sign(body, 'not-the-secret')),
    fc.string({ maxLength: 80 }).map((junk) => () => junk),
    fc.constant((body: string) => sign(body, rightWebhookSecret).replace('v1=', 'v2=')),
    fc.constant((body: string) => sign(`${body} `, rightWebhookSecret)),
  )
