import { compact } from './json'
import type { RiskAssessment, RiskReasonCode } from './risk/assess-risk'
import type { RiskVerdict } from './risk/risk-rules'
import type { IdentityProofFailure } from './security/identity-proof'
import type { FingerprintEvent, FingerprintPlatform, FingerprintSignals } from './webhook/fingerprint-event'

/** `context.fingerprint.risk`: the verdict in a compact form (reason codes only; the Device Risk Assessed call has the messages). */
export interface FingerprintRiskContext {
  verdict: RiskVerdict
  /** 0 to 100, an integer. */
  score: number
  /** The reason codes, strongest first. */
  reasons: RiskReasonCode[]
}

/** The identity fields of `context.fingerprint`: present when `identitySecrets` are set and the tag claimed a userId. */
export interface FingerprintIdentityContext {
  /** Whether the claimed userId came with a valid identity proof (and so is the calls' userId). */
  identityVerified: boolean
  /** The userId the tag claimed, when it was refused. */
  claimedUserId?: string
  /** Why the identity proof was refused. */
  identityProofError?: IdentityProofFailure
}

/**
 * `context.fingerprint` on every call: who Fingerprint says this is, how sure it is, the Smart
 * Signals and the risk verdict. Always Fingerprint's own: a `fingerprint` object in the customer's
 * context never replaces it. Raw device attributes are never copied.
 */
export interface FingerprintContext extends Partial<FingerprintIdentityContext> {
  visitorId?: string
  /** v3 `requestId` or v4 `event_id`. */
  requestId: string
  /** Identification confidence, 0 to 1. */
  confidence?: number
  visitorFound?: boolean
  linkedId?: string
  platform: FingerprintPlatform
  /** The webhook format the event came in. */
  webhookFormat: FingerprintEvent['format']
  /** Fingerprint marks the event replayed (`replayedEvents: 'flag'`); kept beside `signals` so it survives when a large call sheds them. */
  replayed?: boolean
  /** The Smart Signals the event has; absent when it has none, or when a call too large for Segment shed them. */
  signals?: FingerprintSignals
  risk: FingerprintRiskContext
  /** What was removed from this call to fit Segment's event size limit, e.g. `['fingerprint.signals.velocity']`. */
  shedContext?: string[]
}

/** `context.fingerprint` for the calls made from one event, with its risk verdict and, when checked, its identity fields. */
export function buildFingerprintContext(
  event: FingerprintEvent,
  risk: RiskAssessment,
  identity?: FingerprintIdentityContext,
): FingerprintContext {
  return compact<FingerprintContext>({
    visitorId: event.visitorId,
    requestId: event.requestId,
    confidence: event.confidence,
    visitorFound: event.visitorFound,
    linkedId: event.linkedId,
    platform: event.platform,
    webhookFormat: event.format,
    replayed: event.signals.replayed,
    signals: Object.keys(event.signals).length > 0 ? { ...event.signals } : undefined,
    ...identity,
    risk: { verdict: risk.verdict, score: risk.score, reasons: risk.reasons.map((reason) => reason.code) },
  })
}
