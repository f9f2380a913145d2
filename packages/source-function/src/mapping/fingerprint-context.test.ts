import { describe, expect, it } from 'vitest'
import { officialFixture, projectFixture } from '@fingerprint-segment/test-kit'
import { buildFingerprintContext } from './fingerprint-context'
import type { RiskAssessment } from '../risk/assess-risk'
import { readFingerprintEvent } from '../event/read-event'

/** A verdict made up for these tests: how it is reached is src/risk's business. */
const challenged: RiskAssessment = {
  verdict: 'challenge',
  score: 80,
  reasons: [
    { code: 'vpn', verdict: 'challenge', message: 'A VPN was detected.' },
    { code: 'datacenter', verdict: 'allow', message: 'The IP address belongs to a datacenter.' },
  ],
}

describe('buildFingerprintContext', () => {
  it('the ids, how sure Fingerprint is, the platform and format, and the Smart Signals', () => {
    const context = buildFingerprintContext(readFingerprintEvent(officialFixture('v4/webhook.json')), challenged)
    expect(context).toMatchObject({
      visitorId: 'Ibk1527CUFmcnjLwIs4A9',
      requestId: '1708102555327.NLOjmg',
      confidence: 0.97,
      visitorFound: false,
      linkedId: 'somelinkedId',
      platform: 'browser',
      webhookFormat: 'v4',
      replayed: false,
      signals: { bot: 'not_detected', proxy: true },
    })
  })

  it('the verdict in compact form: the reason codes without their messages', () => {
    const context = buildFingerprintContext(readFingerprintEvent(projectFixture('v4-ios-app')), challenged)
    expect(context.risk).toEqual({ verdict: 'challenge', score: 80, reasons: ['vpn', 'datacenter'] })
  })

  it('identity fields only when the identity was checked', () => {
    const event = readFingerprintEvent(officialFixture('v3/webhook.json'))
    expect(buildFingerprintContext(event, challenged).identityVerified).toBeUndefined()
    const refused = buildFingerprintContext(event, challenged, {
      identityVerified: false,
      claimedUserId: 'victim',
      identityProofError: 'expired',
    })
    expect(refused).toMatchObject({ identityVerified: false, claimedUserId: 'victim', identityProofError: 'expired' })
  })

  it('an event without signals has no signals: in JSON, its ids, platform, format and verdict alone', () => {
    const event = readFingerprintEvent({ event_id: '1700000000000.event1', timestamp: 1 })
    const context = buildFingerprintContext(event, challenged)
    expect(context.signals).toBeUndefined()
    expect(JSON.parse(JSON.stringify(context))).toEqual({
      requestId: '1700000000000.event1',
      platform: 'browser',
      webhookFormat: 'v4',
      risk: { verdict: 'challenge', score: 80, reasons: ['vpn', 'datacenter'] },
    })
  })

  it("shares the event's signals rather than copying them (no call changes them; shedding works on a copy)", () => {
    const event = readFingerprintEvent(projectFixture('v4-android-app'))
    expect(buildFingerprintContext(event, challenged).signals).toBe(event.signals)
  })

  it('the v4 fields beyond the visitor: last seen, high-recall id, environment, source, suspect, the ruleset', () => {
    const event = readFingerprintEvent({
      ...officialFixture('v4/get_event_ruleset_200.json'),
      environment_id: 'ae_47abaca3db2c7c43',
      suspect: true,
      triggered_by: [{ id: 'r_uE0af8497PFAOD', name: 'Block bots', description: 'Blocks requests detected as bots' }],
    })
    expect(buildFingerprintContext(event, challenged)).toMatchObject({
      lastSeenAt: '2024-02-16T16:55:55.327Z',
      highRecallVisitorId: '0jnGMkPYXX37DqVa4ZIO3f_hr',
      environmentId: 'ae_47abaca3db2c7c43',
      source: 'device',
      suspect: true,
      ruleAction: { type: 'block', rulesetId: 'rs_b1k1blhqpOX3kU', ruleId: 'r_uE0af8497PFAOD' },
      triggeredBy: [{ id: 'r_uE0af8497PFAOD', name: 'Block bots' }],
    })
  })

  it('an event whose Smart Signals Fingerprint did not compute says so, and has none', () => {
    const event = readFingerprintEvent({
      ...officialFixture('v4/webhook.json'),
      incremental_identification_status: 'partially_completed',
    })
    const context = buildFingerprintContext(event, challenged)
    expect(context.signalsIgnored).toBe(true)
    expect(context.signals).toBeUndefined()
    expect(context.visitorId).toBe('Ibk1527CUFmcnjLwIs4A9')
  })
})
