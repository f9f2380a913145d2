import { describe, expect, it } from 'vitest'
import { assertDeliverableCall } from '@fingerprint-segment/test-kit'
import { officialFixture, projectFixture, withSegmentPayload } from '@fingerprint-segment/test-kit'
import { assessRisk } from '../../risk/assess-risk'
import type { TrackPayload } from '../segment-call'
import { toSegmentCalls } from '../to-segment-calls'
import { readFingerprintEvent } from '../../event/read-event'
import { riskAssessedEventName } from './risk-assessed'

const body = withSegmentPayload(officialFixture('v3/webhook.json'), {
  identify: { userId: 'user-1' },
  track: { event: 'Signed In' },
})
/** The verdict itself is src/risk's business: these tests check how the call carries it. */
const risk = assessRisk(readFingerprintEvent(body))

const riskTracks = (calls: ReturnType<typeof toSegmentCalls>['calls']): TrackPayload[] =>
  calls.flatMap((call) => (call.type === 'track' && call.payload.event === riskAssessedEventName ? [call.payload] : []))

describe('the Device Risk Assessed call (emitRiskAssessment)', () => {
  it('is not emitted unless asked for', () => {
    for (const options of [{}, { emitRiskAssessment: false }]) {
      const { calls } = toSegmentCalls(body, options)
      expect(calls.map((call) => call.type)).toEqual(['identify', 'track'])
      expect(riskTracks(calls)).toEqual([])
    }
  })

  it('comes last, with its own deterministic messageId and the identity of the other calls, deliverable', () => {
    const { calls } = toSegmentCalls(body, { emitRiskAssessment: true })
    expect(calls.map((call) => call.type)).toEqual(['identify', 'track', 'track'])
    expect(riskTracks(calls)).toEqual([calls[2]?.payload])
    expect(calls[2]?.payload).toMatchObject({
      messageId: 'fp-Px6VxbRC6WBkA39yeNH3-risk',
      userId: 'user-1',
      anonymousId: '3HNey93AkBW6CRbxV6xP',
      timestamp: '2019-04-10T15:43:17.788Z',
      context: { fingerprint: { requestId: 'Px6VxbRC6WBkA39yeNH3' } },
    })
    expect(calls[1]?.payload.messageId).not.toBe(calls[2]?.payload.messageId)
    calls.forEach(assertDeliverableCall)
  })

  it('carries the verdict, the score, the reason codes and the reasons in full', () => {
    const [riskTrack] = riskTracks(toSegmentCalls(body, { emitRiskAssessment: true }).calls)
    expect(risk.reasons.length).toBeGreaterThan(1)
    expect(riskTrack?.properties).toEqual({
      verdict: risk.verdict,
      score: risk.score,
      reasons: risk.reasons.map((reason) => reason.code),
      reason_details: risk.reasons.map(({ code, verdict, message }) => ({ code, verdict, message })),
    })
  })

  it('is emitted for a payload with only identify too', () => {
    const { calls } = toSegmentCalls(projectFixture('v3-browser-empty-payload'), { emitRiskAssessment: true })
    expect(calls.map((call) => call.type)).toEqual(['identify', 'track'])
    expect(riskTracks(calls)).toHaveLength(1)
  })

  it('is not emitted when the tag has no Segment payload', () => {
    const result = toSegmentCalls(officialFixture('v3/webhook.json'), { emitRiskAssessment: true })
    expect(result).toMatchObject({ status: 'no-integration', calls: [] })
    expect(result.risk).toBeUndefined()
  })
})
