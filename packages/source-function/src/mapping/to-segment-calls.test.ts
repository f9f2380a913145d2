import { describe, expect, it } from 'vitest'
import { assertDeliverableCall } from '@fingerprint-segment/test-kit'
import {
  officialFixture,
  officialWebhookPaths,
  projectFixture,
  withSegmentPayload,
} from '@fingerprint-segment/test-kit'
import { InvalidEventPayload, ValidationError } from '../segment/errors'
import { assessRisk } from '../risk/assess-risk'
import { resolveRiskRules } from '../risk/parse-risk-rules'
import { signIdentity } from '../security/identity-proof'
import { maxTagNestingDepth } from '../security/tag-size'
import type { SegmentCall, SegmentCallByType } from './segment-call'
import type { SegmentCallType } from '../segment/call-types'
import { riskTraits, type RiskTraits } from './calls/risk-traits'
import { maxNestingDepth } from './calls/spec-fields'
import { toSegmentCalls } from './to-segment-calls'
import { readFingerprintEvent } from '../event/read-event'
import { segmentLimits } from '../segment/limits'

function callOf<Type extends SegmentCallType>(calls: SegmentCall[], type: Type): SegmentCallByType[Type]['payload'] {
  const call = calls.find((candidate): candidate is SegmentCallByType[Type] => candidate.type === type)
  if (!call) throw new Error(`no ${type} call in ${calls.map((c) => c.type).join(', ')}`)
  return call.payload
}

/** The risk traits Identify gets for this body: the verdict is src/risk's business (its tests pin the numbers). */
function riskTraitsOf(body: unknown): RiskTraits {
  const event = readFingerprintEvent(body)
  return riskTraits(assessRisk(event), new Date(event.timestamp).toISOString())
}

describe('toSegmentCalls: parity with the predecessor (v3 browser webhook)', () => {
  const body = projectFixture('v3-browser-full-payload')
  const { calls, skipped, status } = toSegmentCalls(body)

  it('emits identify, page, track and group in that order, all deliverable', () => {
    expect(status).toBe('emitted')
    expect(skipped).toEqual([])
    expect(calls.map((call) => call.type)).toEqual(['identify', 'page', 'track', 'group'])
    calls.forEach(assertDeliverableCall)
  })

  it('Identify: userId from identify.userId; traits plus visitorId and createdAt (firstSeenAt.subscription)', () => {
    const identify = callOf(calls, 'identify')
    expect(identify.userId).toBe('user_123456')
    expect(identify.traits).toEqual({
      name: 'Jon Doe',
      email: 'jon@example.com',
      plan: 'pro',
      visitorId: '3HNey93AkBW6CRbxV6xP',
      createdAt: '2022-03-16T11:31:01.101Z',
      ...riskTraitsOf(body),
    })
  })

  it('Page: properties.url from the event, context ip/browserDetails/incognito/confidenceScore/requestId, customer fields on top', () => {
    const page = callOf(calls, 'page')
    expect(page.name).toBe('Update Password')
    expect(page.category).toBe('Account')
    expect(page.properties).toMatchObject({
      url: 'https://banking.example.com/signup',
      path: '/account/password',
      referrer: '/account/home',
      name: 'Update Password',
      category: 'Account',
    })
    expect(page.context).toMatchObject({
      ip: '216.3.128.12',
      incognito: false,
      confidenceScore: 0.97,
      requestId: 'Px6VxbRC6WBkA39yeNH3',
      trial: true,
      browserDetails: {
        browserName: 'Chrome',
        browserFullVersion: '73.0.3683.86',
        os: 'Mac OS X',
        osVersion: '10.14.3',
        device: 'Other',
      },
    })
  })

  it('Track and Group carry the customer fields', () => {
    expect(callOf(calls, 'track')).toMatchObject({
      event: 'Plan Upgraded',
      properties: { currency: 'USD', value: 19.99 },
    })
    expect(callOf(calls, 'group')).toMatchObject({
      groupId: '0e8c78ea9d97a7b8185e8632',
      traits: { name: 'Fingerprint', employees: 110 },
    })
  })

  it("every call shares the userId and the payload's anonymousId, the event's time and deterministic messageIds", () => {
    for (const call of calls) {
      expect(call.payload.userId).toBe('user_123456')
      expect(call.payload.anonymousId).toBe('5a9a5f4e-6c5d-4b59-9b7c-2f6a5f1b9c10')
      expect(call.payload.timestamp).toBe(new Date(1554910997788).toISOString())
      expect(call.payload.messageId).toBe(`fp-Px6VxbRC6WBkA39yeNH3-${call.type}`)
      expect(call.payload.context.fingerprint).toMatchObject({
        visitorId: '3HNey93AkBW6CRbxV6xP',
        requestId: 'Px6VxbRC6WBkA39yeNH3',
      })
    }
  })
})

describe('toSegmentCalls: identity', () => {
  it('uses the visitorId as anonymousId when the payload has none, and omits createdAt when unknown', () => {
    const body = projectFixture('v3-browser-empty-payload')
    const { calls } = toSegmentCalls(body)
    expect(calls.map((call) => call.type)).toEqual(['identify'])
    const identify = callOf(calls, 'identify')
    expect(identify.anonymousId).toBe('3HNey93AkBW6CRbxV6xP')
    expect(identify.userId).toBeUndefined()
    expect(identify.traits).toEqual({ visitorId: '3HNey93AkBW6CRbxV6xP', ...riskTraitsOf(body) })
  })

  it('v4: createdAt from identification.first_seen_at as ISO-8601', () => {
    const { calls } = toSegmentCalls(projectFixture('v4-browser-full-payload'))
    expect(callOf(calls, 'identify').traits.createdAt).toBe(new Date(1708102555327).toISOString())
    expect(callOf(calls, 'identify').traits.visitorId).toBe('Ibk1527CUFmcnjLwIs4A9')
  })

  it('ids come from Fingerprint, never from the tag: a visitorId trait or fingerprint context in the tag does not win', () => {
    const body = withSegmentPayload(officialFixture('v4/webhook.json'), {
      identify: { traits: { visitorId: 'forged', createdAt: '2020-01-01T00:00:00.000Z' } },
      page: { context: { fingerprint: { visitorId: 'forged' }, campaign: { name: 'spring' } } },
      track: {
        event: 'X',
        messageId: 'forged',
        anonymousId: 'forged',
        context: { fingerprint: { requestId: 'forged' } },
      },
    })
    const { calls } = toSegmentCalls(body)
    const identify = callOf(calls, 'identify')
    expect(identify.traits.visitorId).toBe('Ibk1527CUFmcnjLwIs4A9')
    expect(identify.traits.createdAt).toBe('2020-01-01T00:00:00.000Z')
    const page = callOf(calls, 'page')
    expect(page.context.fingerprint).toMatchObject({ visitorId: 'Ibk1527CUFmcnjLwIs4A9' })
    expect(page.context.fingerprint).toEqual(identify.context.fingerprint)
    expect(page.context.campaign).toEqual({ name: 'spring' })
    const track = callOf(calls, 'track')
    expect(track.messageId).toBe('fp-1708102555327.NLOjmg-track')
    expect(track.anonymousId).toBe('Ibk1527CUFmcnjLwIs4A9')
    expect(track.context.fingerprint).toMatchObject({ requestId: '1708102555327.NLOjmg' })
  })

  it('rejects an event with no visitorId, no payload anonymousId and no userId: nothing to attach calls to', () => {
    const body = withSegmentPayload(officialFixture('v3/webhook.json'), {})
    delete body.visitorId
    expect(() => toSegmentCalls(body)).toThrow(ValidationError)
    expect(() => toSegmentCalls(body)).toThrow(/no visitorId.*anonymousId is not set and there is no identify\.userId/)
  })
})

describe('toSegmentCalls: Zero Trust mode (no visitorId) and userId-only events', () => {
  /** The official v4 example as the agent's Zero Trust mode sends it: no `identification.visitor_id`. */
  const zeroTrust = (payload: unknown): Record<string, unknown> => {
    const event = officialFixture('v4/webhook.json')
    const identification = { ...(event.identification as Record<string, unknown>) }
    delete identification.visitor_id
    return withSegmentPayload({ ...event, identification }, payload)
  }

  it("emits on the payload's anonymousId, without a visitorId anywhere", () => {
    const { calls } = toSegmentCalls(zeroTrust({ anonymousId: 'ajs-1', track: { event: 'Viewed' } }))
    expect(calls.map((call) => call.type)).toEqual(['identify', 'track'])
    for (const call of calls) {
      assertDeliverableCall(call)
      expect(call.payload.anonymousId).toBe('ajs-1')
      expect(call.payload.context.fingerprint.visitorId).toBeUndefined()
    }
    expect(callOf(calls, 'identify').traits.visitorId).toBeUndefined()
  })

  it('emits userId-only calls when the payload has a userId and no anonymousId', () => {
    const { calls } = toSegmentCalls(zeroTrust({ identify: { userId: 'user-1' }, group: { groupId: 'g-1' } }))
    expect(calls.map((call) => call.type)).toEqual(['identify', 'group'])
    for (const call of calls) {
      assertDeliverableCall(call)
      expect(call.payload).toMatchObject({ userId: 'user-1' })
      expect(call.payload).not.toHaveProperty('anonymousId')
    }
  })

  it('rejects it when the only id is a userId that identitySecret does not let through', () => {
    const body = zeroTrust({ identify: { userId: 'victim' } })
    const options = { identitySecrets: ['secret'], now: 1708102555327 }
    expect(() => toSegmentCalls(body, options)).toThrow(ValidationError)
    expect(() => toSegmentCalls(body, options)).toThrow(/the claimed identify\.userId is not proven/)
  })
})

describe("toSegmentCalls: every spec's context and integrations", () => {
  const integrations = { All: false, Mixpanel: true, 'Google Analytics 4': { clientId: 'c-1' } }
  const body = withSegmentPayload(officialFixture('v4/webhook.json'), {
    identify: { userId: 'u-1', context: { campaign: { name: 'spring' } }, integrations },
    page: { name: 'Home', integrations, context: { page: { title: 'Home page' } } },
    track: { event: 'X', integrations },
    group: { groupId: 'g-1', context: { groupType: 'team' }, integrations },
    screen: { name: 'S', integrations },
  })
  const { calls, skipped } = toSegmentCalls(body)

  it('Identify and Group keep the context the spec gives, on top of the shared one', () => {
    expect(skipped).toEqual([])
    expect(callOf(calls, 'identify').context).toMatchObject({
      campaign: { name: 'spring' },
      ip: '61.127.217.15',
      fingerprint: { requestId: '1708102555327.NLOjmg' },
    })
    expect(callOf(calls, 'group').context).toMatchObject({ groupType: 'team', ip: '61.127.217.15' })
    // A spec's context is its call's own: the others do not get it.
    expect(callOf(calls, 'track').context).not.toHaveProperty('campaign')
    expect(callOf(calls, 'page').context.page).toEqual({
      url: 'https://www.example.com/login?hope{this{works[!',
      path: '/login',
      search: '?hope{this{works[!',
      referrer: 'https://example.com/blog/my-article',
      title: 'Home page',
    })
  })

  it("every call carries its spec's integrations, as given", () => {
    for (const call of calls) {
      assertDeliverableCall(call)
      expect(call.payload.integrations).toEqual(integrations)
    }
    expect(
      toSegmentCalls(withSegmentPayload(officialFixture('v4/webhook.json'), {})).calls[0]?.payload,
    ).not.toHaveProperty('integrations')
  })

  it('integrations go through the same rules: an object, of true/false or option objects, no prototype keys, bounded nesting', () => {
    const nested = (depth: number): unknown => JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`)
    const text = JSON.stringify(
      withSegmentPayload(officialFixture('v4/webhook.json'), {
        identify: { integrations: 'Mixpanel' },
        page: { integrations: { Mixpanel: 'yes' } },
        track: { event: 'X', integrations: { Amplitude: nested(100) } },
        group: { groupId: 'g-1', integrations: { PROTO: { on: true }, All: true } },
      }),
    ).replace('"PROTO"', '"__proto__"')
    const { calls: made, skipped: dropped } = toSegmentCalls(JSON.parse(text))
    expect(dropped).toEqual([
      { type: 'identify', reason: 'tags.integrations.segment.identify.integrations must be an object, got a string.' },
      {
        type: 'page',
        reason:
          'tags.integrations.segment.page.integrations must map each destination to true, false or an object of options, got a string.',
      },
      { type: 'track', reason: 'tags.integrations.segment.track.integrations nests more than 64 levels deep.' },
    ])
    const group = callOf(made, 'group')
    expect(group.integrations).toEqual({ All: true })
    expect(Object.keys(group.integrations ?? {})).toEqual(['All'])
    expect(({} as Record<string, unknown>).on).toBeUndefined()
  })
})

describe('toSegmentCalls: what the calls say of the event beyond the visitor', () => {
  it('partially_completed: context.fingerprint says the signals were ignored; none are sent, none decide the verdict', () => {
    const body = withSegmentPayload(
      { ...officialFixture('v4/webhook.json'), incremental_identification_status: 'partially_completed', bot: 'bad' },
      { identify: { userId: 'u-1' } },
    )
    const { calls, risk } = toSegmentCalls(body)
    const { context } = callOf(calls, 'identify')
    expect(context.fingerprint).toMatchObject({ signalsIgnored: true, visitorId: 'Ibk1527CUFmcnjLwIs4A9' })
    expect(context.fingerprint.signals).toBeUndefined()
    expect(context.location).toBeUndefined()
    expect(risk).toEqual({ verdict: 'allow', score: 0, reasons: [] })
    expect(JSON.stringify(calls)).not.toContain('"bot"')
  })

  it("rule_action: the customer's ruleset decision reaches context.fingerprint and the verdict", () => {
    const body = withSegmentPayload(officialFixture('v4/get_event_ruleset_200.json'), { identify: {} })
    const { calls, risk } = toSegmentCalls(body)
    expect(callOf(calls, 'identify').context.fingerprint.ruleAction).toEqual({
      type: 'block',
      rulesetId: 'rs_b1k1blhqpOX3kU',
      ruleId: 'r_uE0af8497PFAOD',
    })
    expect(risk?.verdict).toBe('challenge')
    expect(callOf(calls, 'identify').traits.fingerprint_risk_reasons).toContain('rule_action_block')
    // What the rule answers the client (status, headers, body) stays at Fingerprint.
    expect(JSON.stringify(calls)).not.toContain('Forbidden')
  })

  it('never copies raw device attributes', () => {
    const body = withSegmentPayload(officialFixture('v4/get_event_ruleset_200.json'), {
      identify: {},
      track: { event: 'X' },
    })
    const text = JSON.stringify(toSegmentCalls(body).calls)
    for (const attribute of [
      'webgl',
      'canvas',
      'fonts',
      'Arial Unicode MS',
      'keyboard_layout',
      'raw_device_attributes',
    ])
      expect(text).not.toContain(attribute)
  })
})

describe('toSegmentCalls: messageIds', () => {
  it('refuses ids that are not Fingerprint-shaped (lone surrogates, spaces) before any messageId is made', () => {
    for (const id of ['evt-\ud800', '1708102555327.NL\ufffdmg', 'an id']) {
      expect(() =>
        toSegmentCalls(withSegmentPayload({ ...officialFixture('v4/webhook.json'), event_id: id }, {})),
      ).toThrow(InvalidEventPayload)
    }
  })
})

describe('toSegmentCalls: the risk verdict', () => {
  // A browser-written attempt to look safe: the verdict must come from Fingerprint's signals.
  const body = withSegmentPayload(officialFixture('v3/webhook.json'), {
    identify: { userId: 'user-1', traits: { fingerprint_verdict: 'allow', fingerprint_risk_score: 0 } },
    page: { context: { fingerprint: { risk: { verdict: 'allow' } } } },
    track: { event: 'Signed In' },
  })
  const event = readFingerprintEvent(body)

  it('is assessed on the event, and is not the verdict the browser wrote', () => {
    const { risk } = toSegmentCalls(body)
    expect(risk).toEqual(assessRisk(event))
    expect(risk?.verdict).not.toBe('allow')
  })

  it('every call carries it in context.fingerprint.risk; Identify also as traits no browser trait replaces', () => {
    const { calls, risk } = toSegmentCalls(body)
    expect(calls.map((call) => call.type)).toEqual(['identify', 'page', 'track'])
    for (const call of calls) {
      expect(call.payload.context.fingerprint.risk).toEqual({
        verdict: risk?.verdict,
        score: risk?.score,
        reasons: risk?.reasons.map((reason) => reason.code),
      })
    }
    expect(callOf(calls, 'identify').traits).toMatchObject({ ...riskTraitsOf(body) })
  })

  it('options.riskRules change it everywhere', () => {
    const riskRules = resolveRiskRules({ rules: { bad_bot: false, location_spoofing: false } })
    const expected = assessRisk(event, riskRules)
    expect(expected.verdict).not.toBe(assessRisk(event).verdict)
    const { calls, risk } = toSegmentCalls(body, { riskRules, emitRiskAssessment: true })
    expect(risk).toEqual(expected)
    expect(callOf(calls, 'identify').traits).toMatchObject({
      ...riskTraits(expected, new Date(event.timestamp).toISOString()),
    })
    for (const call of calls) expect(call.payload.context.fingerprint.risk.verdict).toBe(expected.verdict)
    expect(calls.at(-1)?.payload).toMatchObject({ properties: { verdict: expected.verdict } })
  })
})

describe('toSegmentCalls: nothing to emit', () => {
  it.each(officialWebhookPaths)('the official example %s has no segment payload: no calls', (path) => {
    const result = toSegmentCalls(officialFixture(path))
    expect(result.status).toBe('no-integration')
    expect(result.calls).toEqual([])
  })

  it('skipIntegration: true emits nothing', () => {
    const result = toSegmentCalls(
      withSegmentPayload(officialFixture('v4/webhook.json'), { skipIntegration: true, track: { event: 'X' } }),
    )
    expect(result).toMatchObject({ status: 'skip-integration', calls: [] })
  })
})

describe('toSegmentCalls: bad input', () => {
  it.each([
    [null, /must be a JSON object, got null/],
    [[1, 2], /must be a JSON object, got an array/],
    ['text', /got a string/],
    [{ hello: 'world' }, /neither `event_id` \(v4 webhook\) nor `requestId` \(v3 webhook\)/],
    [{ event_id: '1700000000000.abcdef' }, /no valid `timestamp`/],
    [{ requestId: '1700000000000.abcdef', time: 'not a date' }, /no valid `timestamp`/],
  ])('rejects %j with InvalidEventPayload', (body, message) => {
    expect(() => toSegmentCalls(body)).toThrow(InvalidEventPayload)
    expect(() => toSegmentCalls(body)).toThrow(message)
  })

  it('rejects a payload of the wrong shape with ValidationError (src/payload names each field)', () => {
    const body = withSegmentPayload(officialFixture('v4/webhook.json'), { anonymousId: {} })
    expect(() => toSegmentCalls(body)).toThrow(ValidationError)
  })

  it('drops one invalid spec with its reason and still emits the others', () => {
    const body = withSegmentPayload(officialFixture('v4/webhook.json'), {
      identify: { traits: 'not an object' },
      page: { name: 'Pricing' },
      track: { properties: { a: 1 } },
      group: { groupId: '' },
      screen: 'Home',
    })
    const { calls, skipped } = toSegmentCalls(body)
    expect(calls.map((call) => call.type)).toEqual(['page'])
    expect(skipped).toEqual([
      { type: 'identify', reason: 'tags.integrations.segment.identify.traits must be an object, got a string.' },
      { type: 'track', reason: 'tags.integrations.segment.track.event must be a non-empty string; it is missing.' },
      {
        type: 'group',
        reason: 'tags.integrations.segment.group.groupId must be a non-empty string, got an empty string.',
      },
      { type: 'screen', reason: 'tags.integrations.segment.screen must be an object, got a string.' },
    ])
  })

  it('drops a call whose customer data nests over maxNestingDepth levels, and keeps the others', () => {
    const nested = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`)
    const body = withSegmentPayload(officialFixture('v4/webhook.json'), {
      identify: { traits: { fits: nested(maxNestingDepth - 1) } },
      track: { event: 'Deep', properties: { a: nested(100) } },
      screen: { name: 'Deep', context: { a: nested(maxNestingDepth) } },
    })
    const { calls, skipped } = toSegmentCalls(body)
    expect(calls.map((call) => call.type)).toEqual(['identify'])
    calls.forEach(assertDeliverableCall)
    expect(skipped).toEqual([
      {
        type: 'track',
        reason: `tags.integrations.segment.track.properties nests more than ${maxNestingDepth} levels deep.`,
      },
      {
        type: 'screen',
        reason: `tags.integrations.segment.screen.context nests more than ${maxNestingDepth} levels deep.`,
      },
    ])
  })

  it.each([3000, 200_000])(
    'rejects a tag nested %i levels deep (it would overflow the stack) with ValidationError naming the tag',
    (depth) => {
      const body = JSON.parse(
        `{"requestId":"1700000000000.abcdef","timestamp":1708102555327,"tag":{"x":${'['.repeat(depth)}${']'.repeat(depth)}}}`,
      ) as unknown
      expect(() => toSegmentCalls(body)).toThrow(ValidationError)
      expect(() => toSegmentCalls(body)).toThrow(`The event's tag nests more than ${maxTagNestingDepth} levels deep.`)
    },
  )

  it('accepts numeric userId and groupId as strings', () => {
    const body = withSegmentPayload(officialFixture('v4/webhook.json'), {
      identify: { userId: 42 },
      group: { groupId: 7 },
    })
    const { calls } = toSegmentCalls(body)
    expect(callOf(calls, 'identify').userId).toBe('42')
    expect(callOf(calls, 'group').groupId).toBe('7')
  })

  it('never lets the body reach a prototype', () => {
    const text = JSON.stringify(
      withSegmentPayload(officialFixture('v4/webhook.json'), {
        identify: {
          traits: JSON.parse(
            '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "ok": 1}',
          ),
        },
        page: {
          properties: JSON.parse('{"__proto__": {"polluted": true}}'),
          context: JSON.parse('{"__proto__": {"polluted": true}}'),
        },
      }),
    )
    const { calls } = toSegmentCalls(JSON.parse(text))
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false)
    const identify = callOf(calls, 'identify')
    expect(identify.traits.ok).toBe(1)
    expect(Object.keys(identify.traits)).not.toContain('__proto__')
    expect(Object.getPrototypeOf(identify.traits)).toBe(Object.prototype)
  })

  // The tag is capped at 16 KB, so the bulk that pushes a call over 32 KB comes from the event itself.
  it('sheds optional context, then drops a call that is still over 32 KB', () => {
    const event = { ...officialFixture('v4/webhook.json'), linked_id: 'l'.repeat(17_500) }
    const body = withSegmentPayload(event, {
      track: { event: 'Too Big', properties: { blob: 'x'.repeat(15_000) } },
      page: { name: 'Fits' },
    })
    const { calls, skipped } = toSegmentCalls(body)
    expect(calls.map((call) => call.type)).toEqual(['identify', 'page'])
    expect(skipped).toHaveLength(1)
    expect(skipped[0]).toMatchObject({ type: 'track' })
    expect(skipped[0]?.reason).toContain(`over Segment's ${segmentLimits.eventBytes}-byte event limit`)
  })

  it('keeps a call that fits once optional context is shed, and says what was shed', () => {
    const event = { ...officialFixture('v4/webhook.json'), user_agent: 'u'.repeat(17_500) }
    const body = withSegmentPayload(event, { track: { event: 'Almost', properties: { blob: 'y'.repeat(15_000) } } })
    const { calls } = toSegmentCalls(body)
    const track = callOf(calls, 'track')
    assertDeliverableCall({ type: 'track', payload: track })
    expect(track.context.fingerprint.shedContext).toContain('userAgent')
  })
})

describe('toSegmentCalls: with identitySecrets, no identifier from an unproven claim reaches a call', () => {
  const now = 1708102555327
  const identitySecrets = ['idsec-1']
  /** A claim carrying every identifier Segment merges profiles on, in every place it reads them from. */
  const claim = (extra: Record<string, unknown> = {}): Record<string, unknown> => {
    const device = { id: 'victim-device', advertisingId: 'victim-ad-id', token: 'victim-push-token', model: 'Pixel' }
    const context = { traits: { email: 'victim@example.com' }, externalIds: [{ id: 'victim', type: 'crm' }], device }
    return withSegmentPayload(officialFixture('v4/webhook.json'), {
      identify: {
        userId: 'victim',
        traits: { email: 'victim@example.com', phone: '+1 555 0100', plan: 'pro' },
        context,
      },
      page: { name: 'Home', properties: { email: 'victim@example.com', plan: 'pro' }, context },
      track: { event: 'Signed In', properties: { email: 'victim@example.com' }, context },
      group: { groupId: 'g-1', traits: { email: 'team@example.com', phone: '+1 555 0101', name: 'Team' }, context },
      screen: { name: 'Home', properties: { email: 'victim@example.com' }, context },
      ...extra,
    })
  }
  const identifiers = [
    'victim@example.com',
    'team@example.com',
    '+1 555',
    'victim-device',
    'victim-ad-id',
    'victim-push-token',
  ]

  it('no proof: the identifiers are left out of every call, listed (not copied) in context.fingerprint', () => {
    const { calls } = toSegmentCalls(claim(), { identitySecrets, now })
    expect(calls.map((call) => call.type)).toEqual(['identify', 'page', 'track', 'group', 'screen'])
    for (const call of calls) {
      assertDeliverableCall(call)
      const outside = JSON.stringify({ ...call.payload, context: { ...call.payload.context, fingerprint: undefined } })
      for (const identifier of identifiers) expect(outside).not.toContain(identifier)
      expect(call.payload.userId).toBeUndefined()
      expect(call.payload.context).not.toHaveProperty('traits')
      expect(call.payload.context).not.toHaveProperty('externalIds')
      expect(call.payload.context.fingerprint).toMatchObject({ identityVerified: false, claimedUserId: 'victim' })
    }
    const identify = callOf(calls, 'identify')
    expect(identify.traits).toMatchObject({ plan: 'pro' })
    // The device's model is no identifier: it stays.
    expect(identify.context.device).toEqual({ model: 'Pixel' })
    expect(callOf(calls, 'group').traits).toMatchObject({ name: 'Team' })
    expect(identify.context.fingerprint.withheldIdentifiers).toEqual([
      'identify.traits.email',
      'identify.traits.phone',
      'identify.context.traits',
      'identify.context.externalIds',
      'identify.context.device.id',
      'identify.context.device.advertisingId',
      'identify.context.device.token',
      'page.properties.email',
      'page.context.traits',
      'page.context.externalIds',
      'page.context.device.id',
      'page.context.device.advertisingId',
      'page.context.device.token',
      'track.properties.email',
      'track.context.traits',
      'track.context.externalIds',
      'track.context.device.id',
      'track.context.device.advertisingId',
      'track.context.device.token',
      'group.traits.email',
      'group.traits.phone',
      'group.context.traits',
      'group.context.externalIds',
      'group.context.device.id',
      'group.context.device.advertisingId',
      'group.context.device.token',
      'screen.properties.email',
      'screen.context.traits',
      'screen.context.externalIds',
      'screen.context.device.id',
      'screen.context.device.advertisingId',
      'screen.context.device.token',
    ])
  })

  it('no userId claimed: the identifiers are withheld too (there is no proof of anything)', () => {
    const body = withSegmentPayload(officialFixture('v4/webhook.json'), {
      identify: { traits: { email: 'victim@example.com' } },
    })
    const { calls } = toSegmentCalls(body, { identitySecrets, now })
    const identify = callOf(calls, 'identify')
    expect(identify.traits.email).toBeUndefined()
    expect(identify.context.fingerprint).toMatchObject({
      identityVerified: false,
      withheldIdentifiers: ['identify.traits.email'],
    })
    expect(identify.context.fingerprint.claimedUserId).toBeUndefined()
  })

  it('a valid proof for the userId lets every identifier through', () => {
    const identityProof = signIdentity({ userId: 'victim', expiresAt: now + 60_000 }, 'idsec-1')
    const { calls } = toSegmentCalls(claim({ identityProof }), { identitySecrets, now })
    const identify = callOf(calls, 'identify')
    expect(identify).toMatchObject({
      userId: 'victim',
      traits: { email: 'victim@example.com', phone: '+1 555 0100' },
      context: { externalIds: [{ id: 'victim', type: 'crm' }], device: { id: 'victim-device' } },
    })
    expect(identify.context.fingerprint.identityVerified).toBe(true)
    expect(identify.context.fingerprint.withheldIdentifiers).toBeUndefined()
  })

  it('without identitySecrets, nothing is withheld (the claimed identity is trusted, as before)', () => {
    const { calls } = toSegmentCalls(claim(), { now })
    expect(callOf(calls, 'identify').traits.email).toBe('victim@example.com')
    expect(callOf(calls, 'track').properties.email).toBe('victim@example.com')
    expect(callOf(calls, 'identify').context.fingerprint.identityVerified).toBeUndefined()
  })

  it("the tag's own objects are never changed", () => {
    const body = claim()
    const before = JSON.stringify(body)
    toSegmentCalls(body, { identitySecrets, now })
    expect(JSON.stringify(body)).toBe(before)
  })
})
