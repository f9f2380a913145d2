/**
 * The rule model of the risk verdict: what a rule is, the default rules and their codes. The
 * `riskRules` setting is read onto these by `parse-risk-rules.ts`; `assessRisk` applies them.
 */
import type { SignalConfidence } from '../event/fingerprint-event'

/** Every verdict, weakest first. */
export const riskVerdicts = ['allow', 'challenge', 'block'] as const

/** What a destination should do with the device: let it through, add friction (2FA, captcha), or refuse. */
export type RiskVerdict = (typeof riskVerdicts)[number]

/** Fingerprint's confidence levels (defined with the event, where they are read). */
export { signalConfidences, type SignalConfidence } from '../event/fingerprint-event'

/** The intervals Fingerprint counts velocity over. */
export const velocityWindows = ['5m', '1h', '24h'] as const

/** A velocity counter's interval. */
export type VelocityWindow = (typeof velocityWindows)[number]

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
  rule_action_block: RiskRule
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
    rule_action_block: { enabled: on, verdict: 'challenge', weight: 60 },
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

/** A fresh, mutable copy of a rule set (no `structuredClone`: Segment's runtime may lack it). */
export function copyRiskRules(rules: Readonly<RiskRules>): RiskRules {
  const copy: RiskRuleSet = { ...rules.rules }
  for (const code of riskRuleCodes) Object.assign(copy, { [code]: { ...rules.rules[code] } })
  return { thresholds: { ...rules.thresholds }, rules: copy }
}

function deepFreeze<T extends object>(value: T): T {
  for (const member of Object.values(value))
    if (typeof member === 'object' && member !== null) deepFreeze(member as object)
  return Object.freeze(value)
}
