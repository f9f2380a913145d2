import type { FingerprintEvent, FingerprintSignals } from '../event/fingerprint-event'
import {
  defaultRiskRules,
  riskRuleCodes,
  riskVerdicts,
  signalConfidences,
  type ConfidenceRule,
  type RiskRule,
  type RiskRuleCode,
  type RiskRules,
  type RiskRuleSet,
  type RiskScoreThresholds,
  type RiskVerdict,
  type SuspectScoreRule,
  type VelocityRule,
} from './risk-rules'

/** `risk_score`: no single rule asked for the verdict, the signals together scored into its band. */
export type RiskReasonCode = RiskRuleCode | 'risk_score'

/** Why the verdict is what it is: a stable machine-readable code and a sentence for people. */
export interface RiskReason {
  code: RiskReasonCode
  /** The verdict this reason asks for on its own. */
  verdict: RiskVerdict
  message: string
}

/** A decision a destination can route on. */
export interface RiskAssessment {
  /** Always the band of `score` (see `RiskScoreThresholds`). */
  verdict: RiskVerdict
  /** 0 (no sign of risk) to 100, an integer. */
  score: number
  /** Strongest first: by verdict, then weight, then rule order. Empty when nothing fired. */
  reasons: RiskReason[]
}

/**
 * When a rule fires: the sentence explaining it; otherwise `undefined`. Most rules read the Smart
 * Signals (`event.signals`, empty when Fingerprint computed none); a few read the event itself.
 */
type RuleCheck<Rule> = (signals: FingerprintSignals, rule: Rule, event: FingerprintEvent) => string | undefined

// Bound once: in Segment's node:vm context every global lookup costs about 200 ns.
const { min, max, round, ceil } = Math
const isFiniteNumber = Number.isFinite

const ruleChecks: { [Code in RiskRuleCode]: RuleCheck<RiskRuleSet[Code]> } = {
  bad_bot: (s) =>
    s.bot === 'bad' ? `Fingerprint detected a malicious bot${s.botType ? ` (${s.botType})` : ''}.` : undefined,
  tampering: (s) =>
    s.tampering === true
      ? `The browser or app was tampered with${s.tamperingAnomalyScore !== undefined ? ` (anomaly score ${s.tamperingAnomalyScore})` : ''}.`
      : undefined,
  anti_detect_browser: (s) => (s.antiDetectBrowser === true ? 'An anti-detect browser was used.' : undefined),
  high_suspect_score: (s, rule) => suspectScoreAtLeast(s, rule),
  replayed: (_s, _rule, event) =>
    event.replayed === true ? 'Fingerprint marked this identification as replayed.' : undefined,
  frida: (s) => (s.frida === true ? 'Frida instrumentation was found in the app.' : undefined),
  mitm_attack: (s) => (s.mitmAttack === true ? "The app's traffic was intercepted (man-in-the-middle)." : undefined),
  rule_action_block: (_s, _rule, { ruleAction }) =>
    ruleAction?.type === 'block'
      ? `Your Fingerprint ruleset${ruleAction.rulesetId ? ` ${ruleAction.rulesetId}` : ''} decided to block this request${ruleAction.ruleId ? ` (rule ${ruleAction.ruleId})` : ''}.`
      : undefined,
  tor: (s) => (s.tor === true ? 'The IP address is a Tor exit node.' : undefined),
  vpn: (s, rule) =>
    s.vpn === true && confident(s.vpnConfidence, rule)
      ? `A VPN was detected${confidenceText(s.vpnConfidence)}.`
      : undefined,
  proxy: (s, rule) =>
    s.proxy === true && confident(s.proxyConfidence, rule)
      ? `A proxy was detected${confidenceText(s.proxyConfidence)}.`
      : undefined,
  ip_blocklist: (s) =>
    s.ipBlocklist === true ? 'The IP address is on a blocklist (spam or attack source).' : undefined,
  elevated_suspect_score: (s, rule) => suspectScoreAtLeast(s, rule),
  incognito_high_velocity: (s, rule) => {
    const events = eventsInWindow(s, rule)
    return s.incognito === true && events !== undefined
      ? `Incognito browsing with ${events} identifications in ${rule.window} (limit ${rule.minEvents}).`
      : undefined
  },
  high_velocity: (s, rule) => {
    const events = eventsInWindow(s, rule)
    return events !== undefined
      ? `${events} identifications of this visitor in ${rule.window} (limit ${rule.minEvents}).`
      : undefined
  },
  emulator: (s) => (s.emulator === true ? 'The app runs on an emulator or simulator.' : undefined),
  cloned_app: (s) => (s.clonedApp === true ? 'The app is a cloned copy.' : undefined),
  root_apps: (s) => (s.rootApps === true ? 'Root management apps are installed on the device.' : undefined),
  jailbroken: (s) => (s.jailbroken === true ? 'The device is jailbroken.' : undefined),
  location_spoofing: (s) => (s.locationSpoofing === true ? 'The device location is spoofed.' : undefined),
  virtual_machine: (s) => (s.virtualMachine === true ? 'The browser runs in a virtual machine.' : undefined),
  datacenter: (s) =>
    s.datacenter === true ? 'The IP address belongs to a datacenter or hosting provider.' : undefined,
}

/** A detection without a confidence Fingerprint knows always counts. */
function confident(confidence: string | undefined, rule: ConfidenceRule): boolean {
  const rank = confidence === undefined ? -1 : (signalConfidences as readonly string[]).indexOf(confidence)
  return rank < 0 || rank >= signalConfidences.indexOf(rule.minConfidence)
}

function confidenceText(confidence: string | undefined): string {
  return confidence ? ` (${confidence} confidence)` : ''
}

function suspectScoreAtLeast(signals: FingerprintSignals, rule: SuspectScoreRule): string | undefined {
  const score = signals.suspectScore
  return score !== undefined && score >= rule.minSuspectScore
    ? `Suspect score ${score} is ${rule.minSuspectScore} or more.`
    : undefined
}

/** The visitor's event count in the rule's window when it reaches the limit. */
function eventsInWindow(signals: FingerprintSignals, rule: VelocityRule): number | undefined {
  const events = signals.velocity?.events?.[rule.window]
  return events !== undefined && events >= rule.minEvents ? events : undefined
}

/** A verdict's strength: the order of `riskVerdicts`, weakest first. */
function verdictRank(verdict: RiskVerdict): number {
  return riskVerdicts.indexOf(verdict)
}

/** The verdict a score falls into. */
export function verdictForScore(score: number, thresholds: RiskScoreThresholds): RiskVerdict {
  if (score >= thresholds.block) return 'block'
  return score >= thresholds.challenge ? 'challenge' : 'allow'
}

/**
 * Turns Fingerprint's Smart Signals into one decision. Pure and cheap (no I/O, no clock).
 *
 * Every enabled rule whose condition holds "fires" and becomes a reason. The score combines the
 * evidence like independent probabilities: with `s` the suspect score (capped at 100, 0 when
 * absent) and `w` the weights of the rules that fired (each capped below the next verdict's band,
 * so one rule alone never asks for more than its verdict),
 * `evidence = 100 × (1 − (1 − s/100) × Π(1 − w/100))`. The score is that evidence, raised to the
 * lower bound of the strongest verdict a rule asked for, rounded. The verdict is the score's band,
 * so the two never disagree: a block rule gives at least `thresholds.block`, and several weaker
 * signals can add up to a stronger verdict (reason `risk_score`).
 */
export function assessRisk(event: FingerprintEvent, rules: Readonly<RiskRules> = defaultRiskRules): RiskAssessment {
  const fired: { reason: RiskReason; weight: number; order: number }[] = []
  const { signals } = event
  let remaining = 1 - clamp(signals.suspectScore ?? 0) / 100
  let ruleVerdict: RiskVerdict = 'allow'
  for (let order = 0; order < riskRuleCodes.length; order++) {
    const code = riskRuleCodes[order] as RiskRuleCode
    const rule: RiskRule = rules.rules[code]
    if (!rule.enabled) continue
    const message = (ruleChecks[code] as RuleCheck<RiskRule>)(signals, rule, event)
    if (message === undefined) continue
    const weight = min(clamp(rule.weight), weightCap(rule.verdict, rules.thresholds))
    fired.push({ reason: { code, verdict: rule.verdict, message }, weight, order })
    remaining *= 1 - weight / 100
    if (verdictRank(rule.verdict) > verdictRank(ruleVerdict)) ruleVerdict = rule.verdict
  }

  const floor = ruleVerdict === 'allow' ? 0 : rules.thresholds[ruleVerdict]
  const score = max(round(clamp(100 * (1 - remaining))), ceil(floor))
  const verdict = verdictForScore(score, rules.thresholds)
  fired.sort(
    (a, b) => verdictRank(b.reason.verdict) - verdictRank(a.reason.verdict) || b.weight - a.weight || a.order - b.order,
  )
  const reasons = fired.map((entry) => entry.reason)
  if (verdict !== 'allow' && verdictRank(verdict) > verdictRank(ruleVerdict)) {
    const threshold = rules.thresholds[verdict]
    reasons.unshift({
      code: 'risk_score',
      verdict,
      message: `The signals together score ${score}, at or above the ${verdict} threshold (${threshold}).`,
    })
  }
  return { verdict, score, reasons }
}

/** On its own, a rule never scores above its verdict's band: an allow rule stays below `challenge`, a challenge rule below `block`. */
function weightCap(verdict: RiskVerdict, thresholds: RiskScoreThresholds): number {
  if (verdict === 'allow') return max(0, thresholds.challenge - 1)
  return verdict === 'challenge' ? max(0, thresholds.block - 1) : 100
}

function clamp(value: number): number {
  return isFiniteNumber(value) ? min(100, max(0, value)) : 0
}
