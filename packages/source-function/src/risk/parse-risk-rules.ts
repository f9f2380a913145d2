import { ValidationError } from '../segment/errors'
import {
  describeValue,
  expectBoolean,
  expectChoice,
  expectNumber,
  expectObject,
  rejectUnknownKeys,
  type FieldReport,
} from '../lib/value-checks'
import { isPlainObject, ownMember } from '../lib/json'
import {
  copyRiskRules,
  defaultRiskRules,
  riskRuleCodes,
  riskVerdicts,
  signalConfidences,
  velocityWindows,
  type ConfidenceRule,
  type RiskRule,
  type RiskRules,
  type RiskScoreThresholds,
  type SuspectScoreRule,
  type VelocityRule,
} from './risk-rules'

const settingName = 'riskRules'

/** How a failure is reported: the offending path and the value that was written. */
const reportWith = (fail: (detail: string) => Error): FieldReport => ({ fail, describe: describeValue })

/** By default every failure is a ValidationError naming the setting. */
const settingReport = reportWith((detail) => new ValidationError(`The setting ${settingName} is invalid: ${detail}.`))

/** Every field a rule of some kind has. */
type RuleFields = RiskRule & SuspectScoreRule & ConfidenceRule & VelocityRule
type RuleField = keyof RuleFields

/** How each rule field is checked: weights are scores (0 to 100), limits are counts (0 or more). */
const ruleFieldChecks: {
  readonly [Field in RuleField]: (value: unknown, path: string, report: FieldReport) => RuleFields[Field]
} = {
  enabled: (value, path, report) => expectBoolean(value, path, report),
  verdict: (value, path, report) => expectChoice(value, path, report, riskVerdicts),
  weight: (value, path, report) => expectNumber(value, path, report, { min: 0, max: 100 }),
  minSuspectScore: (value, path, report) => expectNumber(value, path, report, { min: 0 }),
  minConfidence: (value, path, report) => expectChoice(value, path, report, signalConfidences),
  window: (value, path, report) => expectChoice(value, path, report, velocityWindows),
  minEvents: (value, path, report) => expectNumber(value, path, report, { min: 0 }),
}

const thresholdNames = ['challenge', 'block'] as const satisfies readonly (keyof RiskScoreThresholds)[]

/**
 * Reads the `riskRules` setting (JSON text) and merges it onto `defaultRiskRules`.
 *
 * @throws ValidationError naming the setting and the offending path (`riskRules.rules.vpn.verdict`)
 * for invalid JSON, unknown keys or rule names, wrong verdict words and non-numeric thresholds.
 */
export function parseRiskRules(json: string): RiskRules {
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch (error) {
    throw new ValidationError(
      `The setting ${settingName} is not valid JSON: ${error instanceof Error ? error.message : String(error)}.`,
    )
  }
  return resolveRiskRules(parsed)
}

/**
 * Merges overrides (parsed JSON or a `RiskRulesOverrides` object) onto `defaultRiskRules`,
 * validating them like `parseRiskRules`. Returns a fresh object; the defaults are never changed.
 *
 * @param fail makes the error for a wrong value from its detail (`riskRules.rules.vpn must be ...`).
 *   @default a ValidationError naming the setting
 */
export function resolveRiskRules(overrides: unknown, fail?: (detail: string) => Error): RiskRules {
  const report = fail === undefined ? settingReport : reportWith(fail)
  const rules = copyRiskRules(defaultRiskRules)
  const root = expectObject(overrides, settingName, report)
  rejectUnknownKeys(root, settingName, report, ['thresholds', 'rules'])

  if (root.thresholds !== undefined) {
    const path = `${settingName}.thresholds`
    const thresholds = expectObject(root.thresholds, path, report)
    rejectUnknownKeys(thresholds, path, report, thresholdNames)
    for (const name of thresholdNames) {
      const value = thresholds[name]
      if (value !== undefined)
        rules.thresholds[name] = expectNumber(value, `${path}.${name}`, report, { min: 1, max: 100 })
    }
    if (rules.thresholds.challenge > rules.thresholds.block) {
      throw report.fail(
        `${path}.challenge (${rules.thresholds.challenge}) must not be above ${path}.block (${rules.thresholds.block})`,
      )
    }
  }

  if (root.rules !== undefined) {
    const path = `${settingName}.rules`
    const ruleOverrides = expectObject(root.rules, path, report)
    rejectUnknownKeys(ruleOverrides, path, report, riskRuleCodes, 'rule')
    for (const code of riskRuleCodes) {
      const override = ruleOverrides[code]
      if (override !== undefined) applyRuleOverride(rules.rules[code], override, `${path}.${code}`, report)
    }
  }
  return rules
}

/** A partial rule, or a shorthand: a verdict word sets the verdict, `true` / `false` turn the rule on / off. */
function applyRuleOverride(rule: RiskRule, override: unknown, path: string, report: FieldReport): void {
  if (typeof override === 'boolean') {
    rule.enabled = override
    return
  }
  if (typeof override === 'string') {
    rule.verdict = expectChoice(override, path, report, riskVerdicts)
    return
  }
  if (!isPlainObject(override)) {
    throw report.fail(
      `${path} must be an object, a verdict ('allow', 'challenge' or 'block') or true/false, got ${describeValue(override)}`,
    )
  }
  const fields = Object.keys(rule).filter(isRuleField)
  rejectUnknownKeys(override, path, report, fields, 'field')
  for (const field of fields) {
    const value = override[field]
    if (value !== undefined) Object.assign(rule, { [field]: ruleFieldChecks[field](value, `${path}.${field}`, report) })
  }
}

function isRuleField(key: string): key is RuleField {
  return ownMember(ruleFieldChecks, key) !== undefined
}
