import { describe, expect, it } from 'vitest'
import { riskTraits } from './risk-traits'

describe('riskTraits', () => {
  it('the verdict, score and reason codes, assessed at the time of the identification', () => {
    const traits = riskTraits(
      {
        verdict: 'block',
        score: 91,
        reasons: [
          { code: 'risk_score', verdict: 'block', message: 'The signals together score 91.' },
          { code: 'tor', verdict: 'challenge', message: 'The IP address is a Tor exit node.' },
        ],
      },
      '2025-01-02T03:04:05.000Z',
    )
    expect(traits).toEqual({
      fingerprint_verdict: 'block',
      fingerprint_risk_score: 91,
      fingerprint_risk_reasons: ['risk_score', 'tor'],
      fingerprint_risk_assessed_at: '2025-01-02T03:04:05.000Z',
    })
  })
})
