import type { RiskAssessment, RiskReasonCode } from '../risk/assess-risk'
import type { RiskVerdict } from '../risk/risk-rules'
import type { IdentityProofFailure } from '../security/identity-proof'
import type {
  FingerprintEvent,
  FingerprintEventSource,
  FingerprintPlatform,
  FingerprintSignals,
  RuleAction,
  TriggeringRule,
} from '../event/fingerprint-event'

// Bound once: in Segment's node:vm context every global lookup costs about 200 ns.
const objectValues = Object.values

/** `context.fingerprint.risk`: the verdict in a compact form (reason codes only; the Device Risk Assessed call has the messages). */
export interface FingerprintRiskContext {
  verdict: RiskVerdict
  /** 0 to 100, an integer. */
  score: number
  /** The reason codes, strongest first. */
  reasons: RiskReasonCode[]
}

/**
 * The identity fields of `context.fingerprint`: present when `identitySecrets` are set and the tag
 * claimed a userId, or carried identifiers that were withheld.
 */
export interface FingerprintIdentityContext {
  /** Whether the claimed userId came with a valid identity proof (and so is the calls' userId). */
  identityVerified: boolean
  /** The userId the tag claimed, when it was refused. */
  claimedUserId?: string
  /** Why the identity proof was refused. */
  identityProofError?: IdentityProofFailure
  /**
   * Where the tag put identifiers that were left out of every call because the identity was not
   * proven, e.g. `identify.traits.email`, `track.context.externalIds` (see `claimedIdentifierFields`).
   */
  withheldIdentifiers?: string[]
}

/**
 * `context.fingerprint` on every call: who Fingerprint says this is, how sure it is, the Smart
 * Signals and the risk verdict. Always Fingerprint's own: a `fingerprint` object in the customer's
 * context never replaces it. Raw device attributes are never copied.
 */
export interface FingerprintContext extends Partial<FingerprintIdentityContext> {
  /** Absent when Fingerprint withheld it (Zero Trust mode). */
  visitorId?: string | undefined
  /** v3 `requestId` or v4 `event_id`. */
  requestId: string
  /** Identification confidence, 0 to 1. */
  confidence?: number | undefined
  visitorFound?: boolean | undefined
  /** When this subscription last saw the visitor before (ISO-8601). */
  lastSeenAt?: string | undefined
  /** The high-recall visitor id (Fingerprint's supplementary id). */
  highRecallVisitorId?: string | undefined
  linkedId?: string | undefined
  environmentId?: string | undefined
  platform: FingerprintPlatform
  /** `device` or `edge` (v4). */
  source?: FingerprintEventSource | undefined
  /** The webhook format the event came in. */
  webhookFormat: FingerprintEvent['format']
  /** Fingerprint marks the event replayed (`replayedEvents: 'flag'`). */
  replayed?: boolean | undefined
  /** The customer's own flag on the event, set through Fingerprint's Server API. */
  suspect?: boolean | undefined
  /** The decision of the customer's Fingerprint ruleset. */
  ruleAction?: RuleAction | undefined
  /** The customer's Fingerprint rules that triggered the webhook. */
  triggeredBy?: TriggeringRule[] | undefined
  /** `true`: Fingerprint computed no Smart Signals for this event (incremental identification); none are in `signals` or the verdict. */
  signalsIgnored?: true | undefined
  /** The Smart Signals the event has; absent when it has none, or when a call too large for Segment shed them. */
  signals?: FingerprintSignals | undefined
  risk: FingerprintRiskContext
  /** What was removed from this call to fit Segment's event size limit, e.g. `['fingerprint.signals.velocity']`. */
  shedContext?: string[] | undefined
}

/** `context.fingerprint` for the calls made from one event, with its risk verdict and, when checked, its identity fields. */
export function buildFingerprintContext(
  event: FingerprintEvent,
  risk: RiskAssessment,
  identity?: FingerprintIdentityContext,
): FingerprintContext {
  const reasons: RiskReasonCode[] = []
  for (const reason of risk.reasons) reasons.push(reason.code)
  // An object literal, not `compact`: see `compact` (absent members are undefined).
  const fingerprint: FingerprintContext = {
    visitorId: event.visitorId,
    requestId: event.requestId,
    confidence: event.confidence,
    visitorFound: event.visitorFound,
    lastSeenAt: event.lastSeenAt,
    highRecallVisitorId: event.highRecallVisitorId,
    linkedId: event.linkedId,
    environmentId: event.environmentId,
    platform: event.platform,
    source: event.source,
    webhookFormat: event.format,
    replayed: event.replayed,
    suspect: event.suspect,
    ruleAction: event.ruleAction,
    triggeredBy: event.triggeredBy,
    signalsIgnored: event.signalsIgnored,
    // The event's own object: the calls share it, and none of them changes it.
    signals: hasMembers(event.signals) ? event.signals : undefined,
    risk: { verdict: risk.verdict, score: risk.score, reasons },
  }
  return identity === undefined ? fingerprint : { ...fingerprint, ...identity, risk: fingerprint.risk }
}

/** True when some member of `object` is defined. */
function hasMembers(object: object): boolean {
  for (const value of objectValues(object)) if (value !== undefined) return true
  return false
}
