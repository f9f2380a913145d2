/**
 * The risk verdict as users get it: the BUILT pasteable bundle in the Segment-like sandbox, with
 * the `riskRules` and `emitRiskAssessment` settings, over Fingerprint's official examples and this
 * package's fixtures. Segment's cloud cannot run here: the `Segment` global is a collector and every
 * call is checked with Segment's own validator. The bundle must reach the verdict the sources reach
 * (`assessRisk`, whose tests pin the verdicts of these webhooks).
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { assessRisk, type RiskAssessment } from '../src/risk/assess-risk'
import { parseRiskRules } from '../src/risk/parse-risk-rules'
import { readFingerprintEvent } from '../src/event/read-event'
import { assertDeliverableCall } from '@fingerprint-segment/test-kit'
import {
  officialFixture,
  officialWebhookPaths,
  projectFixture,
  projectFixtureText,
  withSegmentPayload,
} from '@fingerprint-segment/test-kit'
import { loadAuthenticatedFunction, type EmittedCall, type FunctionSandbox } from '@fingerprint-segment/test-kit'

let sandbox: FunctionSandbox
beforeAll(() => {
  sandbox = loadAuthenticatedFunction()
})

/** The fixtures are years old: the freshness check (tested in security.test.ts) is off here. */
const historic = { maxEventAgeSeconds: '0' }

const payload = {
  anonymousId: 'ajs-anon-1',
  // a browser-written attempt to look safe: Fingerprint's traits must win
  identify: { userId: 'user-1', traits: { fingerprint_verdict: 'allow', fingerprint_risk_score: 0 } },
  track: { event: 'Signed In' },
}

/** The verdict the sources reach for a webhook body, with the reasons as codes. */
function verdictOf(body: unknown): { verdict: string; score: number; reasons: string[]; assessment: RiskAssessment } {
  const assessment = assessRisk(readFingerprintEvent(body))
  const { verdict, score, reasons } = assessment
  return { verdict, score, reasons: reasons.map((reason) => reason.code), assessment }
}

/** The message of the error the sources throw for a `riskRules` setting (src/risk/parse-risk-rules.test.ts pins them). */
function parseErrorOf(riskRules: string): string {
  try {
    parseRiskRules(riskRules)
  } catch (error) {
    return (error as Error).message
  }
  throw new Error(`${riskRules} is a valid riskRules setting`)
}

function riskTrackOf(calls: EmittedCall[]): EmittedCall | undefined {
  return calls.find((call) => call.type === 'track' && call.payload.event === 'Device Risk Assessed')
}

describe('the risk verdict in the sandbox: official examples', () => {
  it.each(officialWebhookPaths)(
    '%s: verdict in every context, in the traits, and a Device Risk Assessed call last',
    async (path) => {
      const { verdict, score, reasons } = verdictOf(officialFixture(path))
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
        expect(call.payload.context).toMatchObject({ fingerprint: { risk: { verdict, score, reasons } } })
      }
      expect(calls[0]?.payload.traits).toMatchObject({
        fingerprint_verdict: verdict,
        fingerprint_risk_score: score,
        fingerprint_risk_reasons: reasons,
      })
      const riskTrack = calls[2]?.payload
      expect(riskTrack).toMatchObject({
        userId: 'user-1',
        anonymousId: 'ajs-anon-1',
        properties: { verdict, score, reasons },
      })
      expect(riskTrack?.messageId).toMatch(/-risk$/)
      expect(new Set(calls.map((call) => call.payload.messageId)).size).toBe(3)
    },
  )

  it('without emitRiskAssessment there is no Device Risk Assessed call, but the verdict is still in context and traits', async () => {
    const { verdict, score } = verdictOf(officialFixture('v3/webhook.json'))
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
        traits: { fingerprint_verdict: verdict, fingerprint_risk_score: score },
        context: { fingerprint: { risk: { verdict } } },
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
  it('the tampered Android app: the Device Risk Assessed call has the verdict and every reason in full', async () => {
    const { verdict, score, reasons, assessment } = verdictOf(projectFixture('v4-android-app'))
    const { calls, error } = await sandbox.run(
      { body: projectFixtureText('v4-android-app') },
      { ...historic, emitRiskAssessment: true },
    )
    expect(error).toBeUndefined()
    calls.forEach(assertDeliverableCall)
    expect(riskTrackOf(calls)?.payload.properties).toEqual({
      verdict,
      score,
      reasons,
      reason_details: assessment.reasons.map(({ code, verdict, message }) => ({ code, verdict, message })),
    })
    expect(calls.find((call) => call.type === 'identify')?.payload.traits).toMatchObject({
      fingerprint_verdict: verdict,
    })
  })

  it('the jailbroken iPhone: the verdict on the Screen call too', async () => {
    const { verdict, score, reasons } = verdictOf(projectFixture('v4-ios-app'))
    const { calls, error } = await sandbox.run({ body: projectFixtureText('v4-ios-app') }, historic)
    expect(error).toBeUndefined()
    expect(calls.map((call) => call.type)).toEqual(['identify', 'track', 'screen'])
    for (const call of calls)
      expect(call.payload.context).toMatchObject({ fingerprint: { risk: { verdict, score, reasons } } })
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
    ['invalid JSON', '{"rules":'],
    ['an unknown rule', '{"rules":{"bad_bots":false}}'],
    ['a wrong verdict word', '{"rules":{"vpn":{"verdict":"deny"}}}'],
    ['a non-numeric threshold', '{"thresholds":{"block":"high"}}'],
  ])(
    '%s: the request fails with the runtime ValidationError the sources give (parseRiskRules), nothing emitted',
    async (_name, riskRules) => {
      const { calls, error } = await sandbox.run({ body: v4Body }, { ...historic, riskRules })
      expect(calls).toEqual([])
      expect(error).toEqual({ name: 'ValidationError', isRuntimeClass: true, message: parseErrorOf(riskRules) })
    },
  )

  it('an invalid riskRules setting fails even for events without a Segment payload', async () => {
    const { error } = await sandbox.run(
      { body: JSON.stringify(officialFixture('v4/webhook.json')) },
      { ...historic, riskRules: '[1]' },
    )
    expect(error).toEqual({ name: 'ValidationError', isRuntimeClass: true, message: parseErrorOf('[1]') })
  })
})
