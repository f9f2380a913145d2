import { ValidationError } from '../errors'
import { isPlainObject, type JsonObject } from '../json'
import { typeName } from '../payload/read-segment-integration'

/** What a destination should do with the device: let it through, add friction (2FA, captcha), or refuse. */
export type RiskVerdict = 'allow' | 'challenge' | 'block'

/** Fingerprint's confidence in a VPN or proxy detection. */
export type SignalConfidence = 'low' | 'medium' | 'high'

/** A velocity counter's interval. */
export type VelocityWindow = '5m' | '1h' | '24h'

/** What every rule has. */
export interface RiskRule {
  /** `false` turns the rule off. @default true */
  enabled: boolean
  /**
   * The verdict the event gets at least when the rule fires. `allow` makes the rule informational:
   * it is listed in the reasons and adds its weight to the score, but decides nothing on its own.
   */
  verdict: RiskVerdict
  /** How much the rule adds to the score when it fires, 0 to 100 (see `assessRisk`). */
  weight: number
}

/** A rule on Fingerprint's suspect score. */
export interface SuspectScoreRule extends RiskRule {
  /** Fires when `suspectScore` is at least this. */
  minSuspectScore: number
}

/** A rule on a VPN or proxy detection. */
export interface ConfidenceRule extends RiskRule {
  /** Fires only for detections at least this confident; a detection without a confidence always counts. */
  minConfidence: SignalConfidence
}

/** A rule on the visitor's number of identification events in a window (`velocity.events`). */
export interface VelocityRule extends RiskRule {
  /** The velocity interval counted. */
  window: VelocityWindow
  /** Fires when the visitor had at least this many events in `window`. */
  minEvents: number
}

/** Every rule, by its stable code (also the reason code it produces). */
export interface RiskRuleSet {
  bad_bot: RiskRule
  tampering: RiskRule
  anti_detect_browser: RiskRule
  high_suspect_score: SuspectScoreRule
  replayed: RiskRule
  frida: RiskRule
  mitm_attack: RiskRule
  tor: RiskRule
  vpn: ConfidenceRule
  proxy: ConfidenceRule
  ip_blocklist: RiskRule
  elevated_suspect_score: SuspectScoreRule
  incognito_high_velocity: VelocityRule
  high_velocity: VelocityRule
  emulator: RiskRule
  cloned_app: RiskRule
  root_apps: RiskRule
  jailbroken: RiskRule
  location_spoofing: RiskRule
  virtual_machine: RiskRule
  datacenter: RiskRule
}

export type RiskRuleCode = keyof RiskRuleSet

/** Score bands: `[0, challenge)` allow, `[challenge, block)` challenge, `[block, 100]` block. */
export interface RiskScoreThresholds {
  /** Lowest score that means challenge (IPQualityScore calls 75 "suspicious"). @default 75 */
  challenge: number
  /** Lowest score that means block (IPQualityScore advises blocking at 85). @default 85 */
  block: number
}

/** The complete rule set `assessRisk` applies. */
export interface RiskRules {
  thresholds: RiskScoreThresholds
  rules: RiskRuleSet
}

/** What the `riskRules` setting may contain: any subset, merged onto `defaultRiskRules`. */
export interface RiskRulesOverrides {
  thresholds?: Partial<RiskScoreThresholds>
  /** Per rule: a partial rule, a verdict word as a shorthand, or `false` / `true` to turn it off / on. */
  rules?: { [Code in RiskRuleCode]?: Partial<RiskRuleSet[Code]> | RiskVerdict | boolean }
}

const on = true

/**
 * The default rules, strongest first. Weights feed the score; the verdict is a floor.
 * Documented in the README ("Risk verdict").
 */
export const defaultRiskRules: Readonly<RiskRules> = deepFreeze({
  thresholds: { challenge: 75, block: 85 },
  rules: {
    bad_bot: { enabled: on, verdict: 'block', weight: 95 },
    tampering: { enabled: on, verdict: 'block', weight: 90 },
    anti_detect_browser: { enabled: on, verdict: 'block', weight: 90 },
    high_suspect_score: { enabled: on, verdict: 'block', weight: 90, minSuspectScore: 50 },
    replayed: { enabled: on, verdict: 'block', weight: 95 },
    frida: { enabled: on, verdict: 'block', weight: 90 },
    mitm_attack: { enabled: on, verdict: 'block', weight: 90 },
    tor: { enabled: on, verdict: 'challenge', weight: 60 },
    vpn: { enabled: on, verdict: 'challenge', weight: 30, minConfidence: 'medium' },
    proxy: { enabled: on, verdict: 'challenge', weight: 30, minConfidence: 'medium' },
    ip_blocklist: { enabled: on, verdict: 'challenge', weight: 50 },
    elevated_suspect_score: { enabled: on, verdict: 'challenge', weight: 50, minSuspectScore: 20 },
    incognito_high_velocity: { enabled: on, verdict: 'challenge', weight: 50, window: '1h', minEvents: 10 },
    high_velocity: { enabled: on, verdict: 'challenge', weight: 40, window: '1h', minEvents: 50 },
    emulator: { enabled: on, verdict: 'challenge', weight: 60 },
    cloned_app: { enabled: on, verdict: 'challenge', weight: 60 },
    root_apps: { enabled: on, verdict: 'challenge', weight: 40 },
    jailbroken: { enabled: on, verdict: 'challenge', weight: 40 },
    location_spoofing: { enabled: on, verdict: 'challenge', weight: 50 },
    virtual_machine: { enabled: on, verdict: 'challenge', weight: 40 },
    datacenter: { enabled: on, verdict: 'allow', weight: 20 },
  },
})

/** Every rule code, in the order of `defaultRiskRules` (ties between reasons keep this order). */
export const riskRuleCodes = Object.keys(defaultRiskRules.rules) as readonly RiskRuleCode[]

export const riskVerdicts: readonly RiskVerdict[] = ['allow', 'challenge', 'block']
const confidences: readonly SignalConfidence[] = ['low', 'medium', 'high']
const velocityWindows: readonly VelocityWindow[] = ['5m', '1h', '24h']
/** The words each text field of a rule accepts. */
const fieldChoices: Readonly<Record<string, readonly string[]>> = {
  verdict: riskVerdicts,
  minConfidence: confidences,
  window: velocityWindows,
}

const settingName = 'riskRules'

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
 */
export function resolveRiskRules(overrides: unknown): RiskRules {
  const rules = copyRiskRules(defaultRiskRules)
  const root = readObject(overrides, settingName)
  rejectUnknownKeys(root, ['thresholds', 'rules'], settingName)

  if (root.thresholds !== undefined) {
    const path = `${settingName}.thresholds`
    const thresholds = readObject(root.thresholds, path)
    rejectUnknownKeys(thresholds, ['challenge', 'block'], path)
    for (const key of ['challenge', 'block'] as const) {
      if (thresholds[key] !== undefined) rules.thresholds[key] = readScore(thresholds[key], `${path}.${key}`, 1)
    }
    if (rules.thresholds.challenge > rules.thresholds.block) {
      throw invalid(
        `${path}.challenge (${rules.thresholds.challenge}) must not be above ${path}.block (${rules.thresholds.block})`,
      )
    }
  }

  if (root.rules !== undefined) {
    const path = `${settingName}.rules`
    const ruleOverrides = readObject(root.rules, path)
    rejectUnknownKeys(ruleOverrides, riskRuleCodes, path, 'rule')
    for (const code of riskRuleCodes) {
      if (ruleOverrides[code] !== undefined)
        applyRuleOverride(rules.rules[code], ruleOverrides[code], `${path}.${code}`)
    }
  }
  return rules
}

/** A fresh, mutable copy of a rule set (no `structuredClone`: Segment's runtime may lack it). */
export function copyRiskRules(rules: Readonly<RiskRules>): RiskRules {
  const copy = {} as Record<RiskRuleCode, RiskRule>
  for (const code of riskRuleCodes) copy[code] = { ...rules.rules[code] }
  return { thresholds: { ...rules.thresholds }, rules: copy as RiskRuleSet }
}

function applyRuleOverride(rule: RiskRule, override: unknown, path: string): void {
  const target = rule as unknown as JsonObject
  if (typeof override === 'boolean') {
    rule.enabled = override
    return
  }
  if (typeof override === 'string') {
    rule.verdict = readChoice(override, path, riskVerdicts)
    return
  }
  if (!isPlainObject(override)) {
    throw invalid(
      `${path} must be an object, a verdict ('allow', 'challenge' or 'block') or true/false, got ${typeName(override)}`,
    )
  }
  const fields = Object.keys(target)
  rejectUnknownKeys(override, fields, path, 'field')
  for (const field of fields) {
    const value = override[field]
    if (value === undefined) continue
    const fieldPath = `${path}.${field}`
    const current = target[field]
    if (typeof current === 'boolean') target[field] = readBoolean(value, fieldPath)
    else if (typeof current === 'number')
      target[field] = field === 'weight' ? readScore(value, fieldPath, 0) : readNonNegative(value, fieldPath)
    else target[field] = readChoice(value, fieldPath, fieldChoices[field] ?? [])
  }
}

function invalid(detail: string): ValidationError {
  return new ValidationError(`The setting ${settingName} is invalid: ${detail}.`)
}

function readObject(value: unknown, path: string): JsonObject {
  if (!isPlainObject(value)) throw invalid(`${path} must be an object, got ${typeName(value)}`)
  return value
}

function rejectUnknownKeys(object: JsonObject, known: readonly string[], path: string, what = 'key'): void {
  for (const key of Object.keys(object)) {
    if (!known.includes(key)) throw invalid(`${path}.${key} is not a known ${what} (known: ${known.join(', ')})`)
  }
}

function readChoice<T extends string>(value: unknown, path: string, choices: readonly T[]): T {
  if (typeof value !== 'string' || !choices.includes(value as T)) {
    throw invalid(
      `${path} must be one of ${choices.map((choice) => `'${choice}'`).join(', ')}, got ${JSON.stringify(value)}`,
    )
  }
  return value as T
}

function readBoolean(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw invalid(`${path} must be true or false, got ${JSON.stringify(value)}`)
  return value
}

function readNumber(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw invalid(`${path} must be a number, got ${JSON.stringify(value)}`)
  return value
}

function readNonNegative(value: unknown, path: string): number {
  const number = readNumber(value, path)
  if (number < 0) throw invalid(`${path} must be 0 or more, got ${number}`)
  return number
}

/** A score, weight or threshold: `min` to 100. */
function readScore(value: unknown, path: string, min: number): number {
  const number = readNumber(value, path)
  if (number < min || number > 100) throw invalid(`${path} must be between ${min} and 100, got ${number}`)
  return number
}

function deepFreeze<T extends object>(value: T): T {
  for (const member of Object.values(value))
    if (typeof member === 'object' && member !== null) deepFreeze(member as object)
  return Object.freeze(value)
}
