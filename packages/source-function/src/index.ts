// The public surface of @fingerprint-segment/source-function. Everything not exported here is
// internal and may change without a major version.

export { toSegmentCalls } from './to-segment-calls'
export type { SegmentCallsResult, ToSegmentCallsOptions } from './to-segment-calls'
export { onRequest } from './function/segment-function-entry'
export { handleWebhook, logOutcome, processWebhook } from './function/on-request'
export type { FunctionHost, ProcessWebhookOptions } from './function/on-request'
export type { FunctionLogger, FunctionRequest, FunctionSettings, SegmentEmitter } from './function/segment-runtime'
export { InvalidEventPayload, RetryError, ValidationError, WebhookSignatureError } from './errors'
export { defaultSettings, readSettings } from './settings'
export { signIdentity, verifyIdentityProof } from './security/identity-proof'
export type { IdentityClaim, IdentityProofCheck, IdentityProofFailure } from './security/identity-proof'
export { signWebhookBody } from './security/webhook-signature'
export type { ResolvedSettings } from './settings'
export { createWebhookHandler } from './receiver/create-webhook-handler'
export type { CloseOptions, WebhookHandler, WebhookHandlerOptions } from './receiver/create-webhook-handler'
export type { ReceiverLogEntry, ReceiverLogger } from './receiver/receiver-log'
export { assessRisk, verdictForScore } from './risk/assess-risk'
export type { RiskAssessment, RiskReason, RiskReasonCode } from './risk/assess-risk'
export { parseRiskRules, resolveRiskRules } from './risk/parse-risk-rules'
export { defaultRiskRules, riskRuleCodes } from './risk/risk-rules'
export type {
  ConfidenceRule,
  RiskRule,
  RiskRuleCode,
  RiskRules,
  RiskRuleSet,
  RiskRulesOverrides,
  RiskScoreThresholds,
  RiskVerdict,
  SignalConfidence,
  SuspectScoreRule,
  VelocityRule,
  VelocityWindow,
} from './risk/risk-rules'
export { riskAssessedEventName } from './specs/risk-assessed'
export type {
  SegmentCall,
  SegmentCallBase,
  SegmentCallType,
  SegmentPayloadByType,
  SkippedCall,
  IdentifyPayload,
  PagePayload,
  TrackPayload,
  GroupPayload,
  ScreenPayload,
} from './segment-call'
export type {
  FingerprintEvent,
  FingerprintPlatform,
  FingerprintSignals,
  BrowserDetails,
  IpLocation,
  Velocity,
  VelocityCounts,
} from './webhook/fingerprint-event'
export type {
  SegmentIntegration,
  SegmentJsonObject,
  SegmentIdentifySpec,
  SegmentPageSpec,
  SegmentTrackSpec,
  SegmentGroupSpec,
  SegmentScreenSpec,
} from './integration'
