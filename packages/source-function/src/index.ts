// The main entry of @fingerprint-segment/source-function: the pure mapping, the pipeline, the
// security helpers, the risk verdict, the errors and the types. It imports no Node built-in and no
// server client, so it runs anywhere (the self-hosted receiver is @fingerprint-segment/receiver).
// Listed explicitly: everything not exported here is internal and may change without a major version.

export { toSegmentCalls } from './mapping/to-segment-calls'
export type { SegmentCallsResult, ToSegmentCallsOptions } from './mapping/to-segment-calls'
export { createPipeline } from './pipeline/create-pipeline'
export type { Authentication, PipelineHost, PipelineResult, WebhookPipeline } from './pipeline/create-pipeline'
export { fingerprintRegions } from './fingerprint-api/server-api'
export type { FetchLike, FingerprintRegion } from './fingerprint-api/server-api'
export { pipelineSettingsSchema } from './pipeline/pipeline-settings'
export type { PipelineSettings } from './pipeline/pipeline-settings'
export type { HeaderLookup, WebhookRequest } from './pipeline/webhook-request'
export type { SettingDeclaration, SettingsSchema } from './settings/setting-declaration'
export type { SettingKind } from './settings/setting-kinds'
export type { FunctionLogger, FunctionRequest, FunctionSettings, SegmentEmitter } from './function/segment-runtime'
export {
  InvalidEventPayload,
  RetryError,
  ValidationError,
  WebhookAuthenticationError,
  WebhookSignatureError,
} from './segment/errors'
export { signIdentity, verifyIdentityProof } from './security/identity-proof'
export type { IdentityClaim, IdentityProofCheck, IdentityProofFailure } from './security/identity-proof'
export { signatureHeaderName, signWebhookBody } from './security/webhook-signature'
export { readWebhookEventId } from './envelope/read-envelope'
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
export { riskAssessedEventName } from './mapping/calls/risk-assessed'
export { segmentCallTypes } from './segment/call-types'
export type { SegmentCallType } from './segment/call-types'
export type {
  FingerprintContext,
  FingerprintIdentityContext,
  FingerprintRiskContext,
} from './mapping/fingerprint-context'
export type { RiskTraits } from './mapping/calls/risk-traits'
export type {
  SegmentCall,
  SegmentCallBase,
  SegmentCallFields,
  SegmentCallIdentity,
  SegmentCallByType,
  SegmentCallContext,
  SegmentPayloadByType,
  SkippedCall,
  IdentifyPayload,
  PagePayload,
  TrackPayload,
  GroupPayload,
  ScreenPayload,
} from './mapping/segment-call'
export type {
  FingerprintEvent,
  FingerprintEventSource,
  FingerprintPlatform,
  FingerprintSignals,
  BotInfo,
  BrowserDetails,
  IpLocation,
  RuleAction,
  RuleActionType,
  TriggeringRule,
  Velocity,
  VelocityCounts,
  VpnMethod,
} from './event/fingerprint-event'
export type {
  SegmentIntegration,
  SegmentIntegrations,
  SegmentSpecOptions,
  SegmentJsonObject,
  SegmentIdentifySpec,
  SegmentPageSpec,
  SegmentTrackSpec,
  SegmentGroupSpec,
  SegmentScreenSpec,
} from './payload/segment-payload'
