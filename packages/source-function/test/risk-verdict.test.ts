/**
 * The risk verdict as users get it: the BUILT pasteable bundle in the Segment-like sandbox, with
 * the `riskRules` and `emitRiskAssessment` settings, over Fingerprint's official examples and this
 * package's fixtures. Segment's cloud cannot run here: the `Segment` global is a collector and every
 * call is checked with Segment's own validator.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { assertDeliverableCall } from './deliverable-call'
import { officialFixture, officialWebhookPaths, projectFixtureText, withSegmentPayload } from './fixtures'
import { loadBuiltFunction, type EmittedCall, type FunctionSandbox } from './built-function'

let sandbox: FunctionSandbox
beforeAll(() => {
  sandbox = loadBuiltFunction()
})

/** The fixtures are years old: the freshness check (tested in security.test.ts) is off here. */
const historic = { maxEventAgeSeconds: '0' }

const payload = {
  anonymousId: 'ajs-anon-1',
  // a browser-written attempt to look safe: Fingerprint's traits must win
  identify: { userId: 'user-1', traits: { fingerprint_verdict: 'allow', fingerprint_risk_score: 0 } },
  track: { event: 'Signed In' },
}

const expectedVerdicts: Record<(typeof officialWebhookPaths)[number], { verdict: string; reasons: string[] }> = {
  'v3/webhook.json': { verdict: 'block', reasons: ['bad_bot', 'location_spoofing', 'proxy', 'datacenter'] },
  'v3/webhook-latest.json': { verdict: 'block', reasons: ['bad_bot', 'location_spoofing', 'proxy', 'datacenter'] },
  'v4/webhook.json': { verdict: 'allow', reasons: ['datacenter'] },
  'v4/get_event_200.json': { verdict: 'allow', reasons: ['datacenter'] },
  'v4/get_event_ruleset_200.json': { verdict: 'allow', reasons: ['datacenter'] },
  'v4/get_event_with_bot_info_200.json': { verdict: 'allow', reasons: ['datacenter'] },
}

function riskTrackOf(calls: EmittedCall[]): EmittedCall | undefined {
  return calls.find((call) => call.type === 'track' && call.payload.event === 'Device Risk Assessed')
}

describe('the risk verdict in the sandbox: official examples', () => {
  it.each(officialWebhookPaths)(
    '%s: verdict in every context, in the traits, and a Device Risk Assessed call last',
    async (path) => {
      const { verdict, reasons } = expectedVerdicts[path]
      const body = JSON.stringify(withSegmentPayload(officialFixture(path), payload))
      const { calls, error } = await sandbox.run({ body }, { ...historic, emitRiskAssessment: true })
      expect(error).toBeUndefined()
      expect(calls.map((call) => [call.type, call.payload.event])).toEqual([
        ['identify', undefined],
        ['track', 'Signed In'],
        ['track', 'Device Risk Assessed'],
      ])
      for (const call of calls) {
        assertDeliverableCall(call)
        expect(call.payload.context).toMatchObject({ fingerprint: { risk: { verdict, reasons } } })
      }
      expect(calls[0]?.payload.traits).toMatchObject({
        fingerprint_verdict: verdict,
        fingerprint_risk_reasons: reasons,
      })
      const riskTrack = calls[2]?.payload
      expect(riskTrack).toMatchObject({ userId: 'user-1', anonymousId: 'ajs-anon-1', properties: { verdict, reasons } })
      expect(riskTrack?.messageId).toMatch(/-risk$/)
      expect(new Set(calls.map((call) => call.payload.messageId)).size).toBe(3)
    },
  )

  it('without emitRiskAssessment there is no Device Risk Assessed call, but the verdict is still in context and traits', async () => {
    const body = JSON.stringify(withSegmentPayload(officialFixture('v3/webhook.json'), payload))
    for (const settings of [
      historic,
      { ...historic, emitRiskAssessment: false },
      { ...historic, emitRiskAssessment: 'false' },
    ]) {
      const { calls, error } = await sandbox.run({ body }, settings)
      expect(error).toBeUndefined()
      expect(riskTrackOf(calls)).toBeUndefined()
      expect(calls[0]?.payload).toMatchObject({
        traits: { fingerprint_verdict: 'block', fingerprint_risk_score: 99 },
        context: { fingerprint: { risk: { verdict: 'block' } } },
      })
    }
  })

  it('the retried webhook gives the same Device Risk Assessed messageId (Segment deduplicates it)', async () => {
    const body = JSON.stringify(withSegmentPayload(officialFixture('v4/webhook.json'), payload))
    const first = await sandbox.run({ body }, { ...historic, emitRiskAssessment: 'true' })
    const retry = await sandbox.run({ body }, { ...historic, emitRiskAssessment: 'true' })
    expect(riskTrackOf(first.calls)?.payload.messageId).toBeDefined()
    expect(riskTrackOf(retry.calls)?.payload.messageId).toBe(riskTrackOf(first.calls)?.payload.messageId)
  })
})

describe('the risk verdict in the sandbox: project fixtures', () => {
  it('the tampered Android app (frida, root apps, emulator, tampering) is blocked', async () => {
    const { calls, error } = await sandbox.run(
      { body: projectFixtureText('v4-android-app') },
      { ...historic, emitRiskAssessment: true },
    )
    expect(error).toBeUndefined()
    calls.forEach(assertDeliverableCall)
    const riskTrack = riskTrackOf(calls)
    expect(riskTrack?.payload.properties).toMatchObject({ verdict: 'block', score: 100 })
    expect(riskTrack?.payload.properties).toMatchObject({
      reasons: expect.arrayContaining([
        'frida',
        'root_apps',
        'emulator',
        'tampering',
        'mitm_attack',
        'replayed',
      ]) as unknown,
    })
    const details = (riskTrack?.payload.properties as { reason_details: { code: string; message: string }[] })
      .reason_details
    expect(details.find((detail) => detail.code === 'frida')?.message).toBe(
      'Frida instrumentation was found in the app.',
    )
    expect(calls.find((call) => call.type === 'identify')?.payload.traits).toMatchObject({
      fingerprint_verdict: 'block',
    })
  })

  it('the jailbroken iPhone on a VPN is challenged, on the Screen call too', async () => {
    const { calls, error } = await sandbox.run({ body: projectFixtureText('v4-ios-app') }, historic)
    expect(error).toBeUndefined()
    expect(calls.map((call) => call.type)).toEqual(['identify', 'track', 'screen'])
    for (const call of calls)
      expect(call.payload.context).toMatchObject({
        fingerprint: { risk: { verdict: 'challenge', score: 75, reasons: ['jailbroken', 'vpn'] } },
      })
  })
})

describe('the riskRules setting in the sandbox', () => {
  const v3Body = JSON.stringify(withSegmentPayload(officialFixture('v3/webhook.json'), payload))
  const v4Body = JSON.stringify(withSegmentPayload(officialFixture('v4/webhook.json'), payload))

  it('turning rules off lowers the verdict', async () => {
    const riskRules = JSON.stringify({ rules: { bad_bot: false, location_spoofing: false } })
    const { calls, error } = await sandbox.run({ body: v3Body }, { ...historic, riskRules, emitRiskAssessment: true })
    expect(error).toBeUndefined()
    expect(riskTrackOf(calls)?.payload.properties).toMatchObject({
      verdict: 'challenge',
      score: 75,
      reasons: ['proxy', 'datacenter'],
    })
  })

  it('a rule given a stronger verdict and a lower proxy confidence raise it', async () => {
    const riskRules = '{"rules":{"datacenter":"challenge","proxy":{"minConfidence":"low","verdict":"block"}}}'
    const { calls, error } = await sandbox.run({ body: v4Body }, { ...historic, riskRules })
    expect(error).toBeUndefined()
    expect(calls[0]?.payload.traits).toMatchObject({
      fingerprint_verdict: 'block',
      fingerprint_risk_reasons: ['proxy', 'datacenter'],
    })
  })

  it('score thresholds from the setting', async () => {
    const riskRules = '{"thresholds":{"challenge":10,"block":20},"rules":{"datacenter":{"verdict":"challenge"}}}'
    const { calls } = await sandbox.run({ body: v4Body }, { ...historic, riskRules })
    expect(calls[0]?.payload.traits).toMatchObject({ fingerprint_verdict: 'challenge', fingerprint_risk_score: 19 })
  })

  it.each([
    ['invalid JSON', '{"rules":', /The setting riskRules is not valid JSON: /],
    ['an unknown rule', '{"rules":{"bad_bots":false}}', /riskRules\.rules\.bad_bots is not a known rule/],
    [
      'a wrong verdict word',
      '{"rules":{"vpn":{"verdict":"deny"}}}',
      /riskRules\.rules\.vpn\.verdict must be one of 'allow', 'challenge', 'block', got "deny"/,
    ],
    [
      'a non-numeric threshold',
      '{"thresholds":{"block":"high"}}',
      /riskRules\.thresholds\.block must be a number, got "high"/,
    ],
  ])(
    '%s: the request fails with the runtime ValidationError naming it, nothing emitted',
    async (_name, riskRules, message) => {
      const { calls, error } = await sandbox.run({ body: v4Body }, { ...historic, riskRules })
      expect(calls).toEqual([])
      expect(error).toMatchObject({ name: 'ValidationError', isRuntimeClass: true })
      expect(error?.message).toMatch(message)
    },
  )

  it('an invalid riskRules setting fails even for events without a Segment payload', async () => {
    const { error } = await sandbox.run(
      { body: JSON.stringify(officialFixture('v4/webhook.json')) },
      { ...historic, riskRules: '[1]' },
    )
    expect(error).toMatchObject({
      name: 'ValidationError',
      message: expect.stringMatching(/riskRules must be an object, got an array/) as unknown,
    })
  })
})
