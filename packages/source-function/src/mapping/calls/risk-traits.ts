import type { RiskAssessment } from '../../risk/assess-risk'
import type { RiskVerdict } from '../../risk/risk-rules'

/** The Identify traits set from the risk verdict. */
export interface RiskTraits {
  fingerprint_verdict: RiskVerdict
  fingerprint_risk_score: number
  /** The reason codes, strongest first. */
  fingerprint_risk_reasons: string[]
  /** The identification's time (ISO-8601): when the verdict was reached. */
  fingerprint_risk_assessed_at: string
}

/**
 * Identify traits set from the verdict, assessed at the identification's time (ISO-8601). They always come from this function (a customer trait of
 * the same name, written in the browser, never wins), so audiences and destinations can trust them.
 */
export function riskTraits(risk: RiskAssessment, assessedAt: string): RiskTraits {
  return {
    fingerprint_verdict: risk.verdict,
    fingerprint_risk_score: risk.score,
    fingerprint_risk_reasons: risk.reasons.map((reason) => reason.code),
    fingerprint_risk_assessed_at: assessedAt,
  }
}
