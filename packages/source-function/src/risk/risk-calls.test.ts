import { describe, expect, it } from 'vitest'
import { assertDeliverableCall } from '../../test/deliverable-call'
import { officialFixture, projectFixture, withSegmentPayload } from '../../test/fixtures'
import type { TrackPayload } from '../segment-call'
import { toSegmentCalls } from '../to-segment-calls'
import { resolveRiskRules } from './risk-rules'

const v3Bot = () =>
  withSegmentPayload(officialFixture('v3/webhook.json'), {
    identify: { userId: 'user-1', traits: { fingerprint_verdict: 'allow', fingerprint_risk_score: 0 } },
    page: { context: { fingerprint: { risk: { verdict: 'allow' } } } },
    track: { event: 'Signed In' },
  })

describe('the verdict in the Segment calls (toSegmentCalls)', () => {
  it('every call carries context.fingerprint.risk with the verdict, score and reason codes', () => {
    const { calls, risk } = toSegmentCalls(v3Bot())
    expect(risk?.verdict).toBe('block')
    expect(calls.map((call) => call.type)).toEqual(['identify', 'page', 'track'])
    for (const call of calls) {
      expect(call.payload.context.fingerprint).toMatchObject({
        risk: { verdict: 'block', score: 99, reasons: ['bad_bot', 'location_spoofing', 'proxy', 'datacenter'] },
      })
    }
  })

  it('Identify gets the verdict traits, which a trait written in the browser cannot replace', () => {
    const identify = toSegmentCalls(v3Bot()).calls[0]?.payload as { traits: Record<string, unknown> }
    expect(identify.traits).toMatchObject({
      fingerprint_verdict: 'block',
      fingerprint_risk_score: 99,
      fingerprint_risk_reasons: ['bad_bot', 'location_spoofing', 'proxy', 'datacenter'],
      fingerprint_risk_assessed_at: '2019-04-10T15:43:17.788Z',
    })
  })

  it('no Device Risk Assessed call unless asked for', () => {
    const { calls } = toSegmentCalls(v3Bot())
    expect(calls.filter((call) => call.type === 'track').map((call) => call.payload.event)).toEqual(['Signed In'])
  })

  it('emitRiskAssessment: a last Track call with its own deterministic messageId, deliverable', () => {
    const { calls } = toSegmentCalls(v3Bot(), { emitRiskAssessment: true })
    expect(calls.map((call) => call.type)).toEqual(['identify', 'page', 'track', 'track'])
    const [customerTrack, riskTrack] = calls.slice(2).map((call) => call.payload as TrackPayload)
    expect(riskTrack?.event).toBe('Device Risk Assessed')
    expect(riskTrack?.messageId).toBe('fp-Px6VxbRC6WBkA39yeNH3-risk')
    expect(customerTrack?.messageId).toBe('fp-Px6VxbRC6WBkA39yeNH3-track')
    expect(riskTrack).toMatchObject({
      userId: 'user-1',
      anonymousId: '3HNey93AkBW6CRbxV6xP',
      timestamp: '2019-04-10T15:43:17.788Z',
    })
    expect(riskTrack?.properties).toEqual({
      verdict: 'block',
      score: 99,
      reasons: ['bad_bot', 'location_spoofing', 'proxy', 'datacenter'],
      reason_details: [
        { code: 'bad_bot', verdict: 'block', message: 'Fingerprint detected a malicious bot (selenium).' },
        { code: 'location_spoofing', verdict: 'challenge', message: 'The device location is spoofed.' },
        { code: 'proxy', verdict: 'challenge', message: 'A proxy was detected (high confidence).' },
        {
          code: 'datacenter',
          verdict: 'allow',
          message: 'The IP address belongs to a datacenter or hosting provider.',
        },
      ],
    })
    calls.forEach(assertDeliverableCall)
  })

  it('emitRiskAssessment on a payload with only identify still gives the Track call', () => {
    const { calls } = toSegmentCalls(projectFixture('v3-browser-empty-payload'), { emitRiskAssessment: true })
    expect(calls.map((call) => [call.type, (call.payload as Partial<TrackPayload>).event])).toEqual([
      ['identify', undefined],
      ['track', 'Device Risk Assessed'],
    ])
  })

  it('riskRules change the verdict everywhere', () => {
    const riskRules = resolveRiskRules({ rules: { bad_bot: false, location_spoofing: false } })
    const { calls, risk } = toSegmentCalls(v3Bot(), { riskRules, emitRiskAssessment: true })
    expect(risk).toMatchObject({ verdict: 'challenge', score: 75 })
    expect(calls[0]?.payload).toMatchObject({
      traits: { fingerprint_verdict: 'challenge', fingerprint_risk_reasons: ['proxy', 'datacenter'] },
    })
    expect(calls.at(-1)?.payload).toMatchObject({ properties: { verdict: 'challenge' } })
  })

  it('nothing is assessed into calls when the tag has no Segment payload', () => {
    const result = toSegmentCalls(officialFixture('v3/webhook.json'), { emitRiskAssessment: true })
    expect(result).toMatchObject({ status: 'no-integration', calls: [] })
    expect(result.risk).toBeUndefined()
  })
})
