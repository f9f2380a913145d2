import { describe, expect, it } from 'vitest'
import { ValidationError } from '../errors'
import { riskRulesFromSetting } from './risk-rules-setting'

describe('riskRulesFromSetting', () => {
  it('no setting: the defaults (undefined); the same text twice: the same rules', () => {
    expect(riskRulesFromSetting(undefined)).toBeUndefined()
    const first = riskRulesFromSetting('{"rules":{"vpn":"block"}}')
    expect(first?.rules.vpn.verdict).toBe('block')
    expect(riskRulesFromSetting('{"rules":{"vpn":"block"}}')).toBe(first)
    expect(riskRulesFromSetting('{"rules":{"vpn":"allow"}}')?.rules.vpn.verdict).toBe('allow')
  })

  it('an invalid text fails every time', () => {
    expect(() => riskRulesFromSetting('{"rules":{"nope":1}}')).toThrow(ValidationError)
    expect(() => riskRulesFromSetting('{"rules":{"nope":1}}')).toThrow(/riskRules\.rules\.nope/)
  })
})
