import { describe, expect, it } from 'vitest'
import { defaultRiskRules, riskRuleCodes } from './risk-rules'

describe('defaultRiskRules', () => {
  it('are frozen, all enabled, with weights 0 to 100 and the peer-like thresholds 75 / 85', () => {
    expect(Object.isFrozen(defaultRiskRules.rules.vpn)).toBe(true)
    expect(defaultRiskRules.thresholds).toEqual({ challenge: 75, block: 85 })
    for (const code of riskRuleCodes) {
      const rule = defaultRiskRules.rules[code]
      expect(rule.enabled).toBe(true)
      expect(rule.weight).toBeGreaterThanOrEqual(0)
      expect(rule.weight).toBeLessThanOrEqual(100)
    }
  })

  it('list the documented verdicts', () => {
    const byVerdict = (verdict: string) =>
      riskRuleCodes.filter((code) => defaultRiskRules.rules[code].verdict === verdict)
    expect(byVerdict('block')).toEqual([
      'bad_bot',
      'tampering',
      'anti_detect_browser',
      'high_suspect_score',
      'replayed',
      'frida',
      'mitm_attack',
    ])
    expect(byVerdict('allow')).toEqual(['datacenter'])
  })
})
