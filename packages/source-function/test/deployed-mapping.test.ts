/**
 * The mapping of issues 10 and 11, checked on the BUILT bundle in the sandbox's deployed mode (the
 * body parsed and key-sorted by the runtime, its checks on every call): Zero Trust and userId-only
 * events, each spec's context and integrations, events without Smart Signals, the customer's
 * ruleset, identifiers withheld without a proof, distinct messageIds, and the times Segment takes.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { signIdentity } from '../src/security/identity-proof'
import { loadAuthenticatedFunction, type FunctionSandbox } from '@fingerprint-segment/test-kit'
import { assertDeliverableCall } from '@fingerprint-segment/test-kit'
import { officialFixture, withSegmentPayload } from '@fingerprint-segment/test-kit'

let sandbox: FunctionSandbox
beforeAll(() => {
  sandbox = loadAuthenticatedFunction()
})

/** An official v4 example, fresh, with `changes` on top and `payload` in its tag. */
function v4Body(payload: unknown, changes: Record<string, unknown> = {}): string {
  const base = { ...officialFixture('v4/get_event_ruleset_200.json'), timestamp: Date.now() }
  return JSON.stringify(withSegmentPayload({ ...base, ...changes }, payload))
}

/** The same without `identification.visitor_id`, as the v4 agent's Zero Trust mode sends it. */
function zeroTrustBody(payload: unknown): string {
  const identification = { ...(officialFixture('v4/webhook.json').identification as Record<string, unknown>) }
  delete identification.visitor_id
  return v4Body(payload, { identification })
}

describe('Zero Trust mode and userId-only events', () => {
  it("emits on the payload's anonymousId when Fingerprint withholds the visitorId", async () => {
    const { calls, error } = await sandbox.run({ body: zeroTrustBody({ anonymousId: 'ajs-1', track: { event: 'X' } }) })
    expect(error).toBeUndefined()
    expect(calls.map((call) => call.type)).toEqual(['identify', 'track'])
    for (const call of calls) {
      assertDeliverableCall(call)
      expect(call.payload).toMatchObject({ anonymousId: 'ajs-1' })
    }
    expect(JSON.stringify(calls)).not.toContain('visitorId')
  })

  it('emits userId-only calls, which the runtime takes', async () => {
    const { calls, error } = await sandbox.run({
      body: zeroTrustBody({ identify: { userId: 'u-1' }, track: { event: 'X' } }),
    })
    expect(error).toBeUndefined()
    expect(calls).toHaveLength(2)
    for (const call of calls) {
      assertDeliverableCall(call)
      expect(call.payload.userId).toBe('u-1')
      expect(call.payload).not.toHaveProperty('anonymousId')
    }
  })

  it('rejects an event with no id at all before making any call (ValidationError, the runtime class)', async () => {
    const { calls, error } = await sandbox.run({ body: zeroTrustBody({ track: { event: 'X' } }) })
    expect(calls).toEqual([])
    expect(error).toMatchObject({ name: 'ValidationError', isRuntimeClass: true })
    expect(error?.message).toMatch(/no identity to attach Segment calls to/)
  })
})

describe("every spec's context and integrations", () => {
  it('Identify and Group keep their context; every call its integrations', async () => {
    const integrations = { All: false, Mixpanel: true }
    const body = v4Body({
      identify: { userId: 'u-1', context: { campaign: { name: 'spring' } }, integrations },
      page: { name: 'Home', integrations },
      track: { event: 'X', integrations },
      group: { groupId: 'g-1', context: { groupType: 'team' }, integrations },
    })
    const { calls, error } = await sandbox.run({ body })
    expect(error).toBeUndefined()
    expect(calls.map((call) => call.type)).toEqual(['identify', 'page', 'track', 'group'])
    for (const call of calls) {
      assertDeliverableCall(call)
      expect(call.payload.integrations).toEqual(integrations)
    }
    expect(calls[0]?.payload).toMatchObject({ context: { campaign: { name: 'spring' } } })
    expect(calls[3]?.payload).toMatchObject({ context: { groupType: 'team' } })
  })
})

describe('what the calls say of the event', () => {
  it('partially_completed: signals ignored, said so in context.fingerprint, out of the verdict', async () => {
    const body = v4Body(
      { identify: {} },
      { incremental_identification_status: 'partially_completed', bot: 'bad', tampering: true, rule_action: null },
    )
    const { calls, error } = await sandbox.run({ body })
    expect(error).toBeUndefined()
    const fingerprint = (calls[0]?.payload.context as { fingerprint: Record<string, unknown> }).fingerprint
    expect(fingerprint).toMatchObject({ signalsIgnored: true, risk: { verdict: 'allow', score: 0, reasons: [] } })
    expect(fingerprint.signals).toBeUndefined()
    expect(calls[0]?.payload.traits).toMatchObject({ fingerprint_verdict: 'allow' })
  })

  it("the customer's ruleset decision, and the verdict it informs", async () => {
    const { calls } = await sandbox.run({ body: v4Body({ identify: {} }) })
    expect(calls[0]?.payload).toMatchObject({
      context: {
        fingerprint: {
          ruleAction: { type: 'block', rulesetId: 'rs_b1k1blhqpOX3kU', ruleId: 'r_uE0af8497PFAOD' },
          risk: { verdict: 'challenge', reasons: ['rule_action_block', 'datacenter'] },
        },
      },
    })
  })
})

describe('identitySecret: an unproven claim lends no identifier to any call', () => {
  const identitySecret = 'idsec-1'
  const claim = (extra: Record<string, unknown> = {}) =>
    v4Body({
      identify: { userId: 'victim', traits: { email: 'victim@example.com', phone: '+1 555 0100', plan: 'pro' } },
      track: {
        event: 'Signed In',
        properties: { email: 'victim@example.com' },
        context: {
          traits: { email: 'victim@example.com' },
          externalIds: [{ id: 'v', type: 'crm' }],
          device: { id: 'd-1' },
        },
      },
      ...extra,
    })

  it('without a proof: no userId, no email, phone, context traits, externalIds or device id; the claim audited in context.fingerprint', async () => {
    const { calls, error } = await sandbox.run({ body: claim() }, { identitySecret })
    expect(error).toBeUndefined()
    expect(calls).toHaveLength(2)
    for (const call of calls) {
      assertDeliverableCall(call)
      const { fingerprint, ...context } = call.payload.context as Record<string, unknown>
      const outside = JSON.stringify({ ...call.payload, context })
      for (const identifier of ['victim', '+1 555', 'externalIds', 'd-1']) expect(outside).not.toContain(identifier)
      expect(fingerprint).toMatchObject({ identityVerified: false, claimedUserId: 'victim' })
    }
    expect(calls[0]?.payload.traits).toMatchObject({ plan: 'pro' })
  })

  it('with a valid proof: all of them go out', async () => {
    const identityProof = signIdentity({ userId: 'victim', expiresAt: Date.now() + 60_000 }, identitySecret)
    const { calls } = await sandbox.run({ body: claim({ identityProof }) }, { identitySecret })
    expect(calls[0]?.payload).toMatchObject({ userId: 'victim', traits: { email: 'victim@example.com' } })
    expect(calls[1]?.payload).toMatchObject({ context: { externalIds: [{ id: 'v' }], device: { id: 'd-1' } } })
  })
})

describe('messageIds and times', () => {
  it('an event id that is not Fingerprint-shaped (a lone surrogate, U+FFFD) is refused, never mapped', async () => {
    for (const id of ['evt-\ud800', '1708102555327.NL\ufffdmg']) {
      const { calls, error } = await sandbox.run({ body: v4Body({}, { event_id: id }) })
      expect(calls).toEqual([])
      expect(error).toMatchObject({ name: 'InvalidEventPayload', isRuntimeClass: true })
    }
  })

  it('maxEventAgeSeconds 0 takes an old event, not one from the far future', async () => {
    const old = await sandbox.run(
      { body: v4Body({}, { timestamp: Date.UTC(2020, 0, 1) }) },
      { maxEventAgeSeconds: '0' },
    )
    expect(old.error).toBeUndefined()
    const future = await sandbox.run(
      { body: v4Body({}, { timestamp: Date.now() + 3_600_000 }) },
      { maxEventAgeSeconds: '0' },
    )
    expect(future.error).toMatchObject({ name: 'ValidationError', isRuntimeClass: true })
    expect(future.error?.message).toMatch(/in the future/)
  })

  it.each([
    ['before 1970', -1],
    ['in an expanded year', Date.UTC(10_000, 0, 1)],
  ])('a timestamp %s is InvalidEventPayload', async (_label, timestamp) => {
    const { calls, error } = await sandbox.run({ body: v4Body({}, { timestamp }) }, { maxEventAgeSeconds: '0' })
    expect(calls).toEqual([])
    expect(error).toMatchObject({ name: 'InvalidEventPayload', isRuntimeClass: true })
  })
})
