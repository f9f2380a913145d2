import type { JsonObject } from '../json'
import { isPlainObject } from '../json'
import { deterministicMessageId } from '../message-id'
import type { TrackPayload } from '../segment-call'
import { callBase, type CallInput } from '../specs/call-input'
import type { FingerprintEvent } from '../webhook/fingerprint-event'
import type { RiskAssessment } from './assess-risk'

/** The Track event emitted when `emitRiskAssessment` is on. */
export const riskAssessedEventName = 'Device Risk Assessed'

/** The messageId key of that Track call: `fp-<requestId>-risk`, distinct from the customer's `-track`. */
export const riskCallKey = 'risk'

/** `context.fingerprint.risk`: the verdict in a compact form (reason codes only). */
export function riskContext(risk: RiskAssessment): JsonObject {
  return { verdict: risk.verdict, score: risk.score, reasons: risk.reasons.map((reason) => reason.code) }
}

/** The shared context with `fingerprint.risk` added; a fresh object, the input is not changed. */
export function withRiskContext(context: JsonObject, risk: RiskAssessment): JsonObject {
  const fingerprint = isPlainObject(context.fingerprint) ? context.fingerprint : {}
  return { ...context, fingerprint: { ...fingerprint, risk: riskContext(risk) } }
}

/**
 * Identify traits set from the verdict. They always come from this function (a customer trait of
 * the same name, written in the browser, never wins), so audiences and destinations can trust them.
 */
export function riskTraits(risk: RiskAssessment, event: FingerprintEvent): JsonObject {
  return {
    fingerprint_verdict: risk.verdict,
    fingerprint_risk_score: risk.score,
    fingerprint_risk_reasons: risk.reasons.map((reason) => reason.code),
    fingerprint_risk_assessed_at: new Date(event.timestamp).toISOString(),
  }
}

/**
 * The `Device Risk Assessed` Track call: the verdict, score, reason codes and the reasons in full
 * as properties; the shared context; its own deterministic messageId.
 */
export function buildRiskAssessedCall(input: CallInput, risk: RiskAssessment): TrackPayload {
  return {
    ...callBase(input, 'track'),
    messageId: deterministicMessageId(input.event.requestId, riskCallKey),
    event: riskAssessedEventName,
    properties: {
      verdict: risk.verdict,
      score: risk.score,
      reasons: risk.reasons.map((reason) => reason.code),
      reason_details: risk.reasons.map((reason) => ({
        code: reason.code,
        verdict: reason.verdict,
        message: reason.message,
      })),
    },
  }
}
