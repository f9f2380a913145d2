import type { RiskAssessment } from '../../risk/assess-risk'
import type { TrackPayload } from '../segment-call'
import { callBase, withCallFields, type CallInput } from './call-input'

/** The Track event emitted when `emitRiskAssessment` is on. */
export const riskAssessedEventName = 'Device Risk Assessed'

/** The messageId key of that Track call: `fp-<requestId>-risk`, distinct from the customer's `-track`. */
export const riskCallKey = 'risk'

/**
 * The `Device Risk Assessed` Track call: the verdict, score, reason codes and the reasons in full
 * as properties; the shared context; its own deterministic messageId.
 */
export function buildRiskAssessedCall(input: CallInput, risk: RiskAssessment): TrackPayload {
  return withCallFields(callBase(input, riskCallKey), {
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
  })
}
