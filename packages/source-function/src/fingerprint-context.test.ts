import { describe, expect, it } from 'vitest'
import { officialFixture, projectFixture } from '../test/fixtures'
import { buildFingerprintContext } from './fingerprint-context'
import type { RiskAssessment } from './risk/assess-risk'
import { readFingerprintEvent } from './webhook/read-fingerprint-event'

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
    expect(buildFingerprintContext(event, challenged)).not.toHaveProperty('identityVerified')
    const refused = buildFingerprintContext(event, challenged, {
      identityVerified: false,
      claimedUserId: 'victim',
      identityProofError: 'expired',
    })
    expect(refused).toMatchObject({ identityVerified: false, claimedUserId: 'victim', identityProofError: 'expired' })
  })

  it('an event without signals has no signals member, and no member is undefined', () => {
    const event = readFingerprintEvent({ event_id: 'e.1', timestamp: 1 })
    const context = buildFingerprintContext(event, challenged)
    expect(context).toEqual({
      requestId: 'e.1',
      platform: 'browser',
      webhookFormat: 'v4',
      risk: { verdict: 'challenge', score: 80, reasons: ['vpn', 'datacenter'] },
    })
    expect(Object.values(context)).not.toContain(undefined)
  })

  it('copies the signals: a call changing its context leaves the event alone', () => {
    const event = readFingerprintEvent(projectFixture('v4-android-app'))
    const context = buildFingerprintContext(event, challenged)
    delete context.signals?.velocity
    expect(event.signals.velocity).toBeDefined()
  })
})
