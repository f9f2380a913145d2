import { parseRiskRules } from './parse-risk-rules'
import type { RiskRules } from './risk-rules'

let lastText: string | undefined
let lastRules: RiskRules | undefined

/**
 * The rules the `riskRules` setting asks for (`undefined`: the defaults). Settings are read on every
 * request, so the last text and its rules are remembered; an invalid text throws every time.
 *
 * @throws ValidationError naming `riskRules` (see `parseRiskRules`).
 */
export function riskRulesFromSetting(text: string | undefined): RiskRules | undefined {
  if (text === undefined) return undefined
  if (text !== lastText || lastRules === undefined) {
    lastRules = parseRiskRules(text)
    lastText = text
  }
  return lastRules
}
