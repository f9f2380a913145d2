// The main entry of @fingerprint-segment/source-function: the pure mapping, the pipeline, the
// security helpers, the risk verdict, the errors and the types a user writes. It imports no Node
// built-in and no server client, so it runs anywhere (the self-hosted receiver is
// @fingerprint-segment/receiver). Listed explicitly, 40 names: everything else is internal and may
// change without a major version.

// The mapping and the pipeline every host runs.
export { toSegmentCalls } from './mapping/to-segment-calls'
export type { SegmentCallsResult, ToSegmentCallsOptions } from './mapping/to-segment-calls'
export { createPipeline } from './pipeline/create-pipeline'
export type { PipelineHost, PipelineResult, WebhookPipeline } from './pipeline/create-pipeline'
export type { WebhookRequest } from './pipeline/webhook-request'
export type { FetchLike } from './fingerprint-api/server-api'

// The settings, each declared once.
export { pipelineSettingsSchema } from './pipeline/pipeline-settings'
export type { PipelineSettings } from './pipeline/pipeline-settings'

// Security: identity proofs minted by the site's backend, webhook signatures, bounded event ids.
export { signIdentity, verifyIdentityProof } from './security/identity-proof'
export type { IdentityClaim, IdentityProofCheck } from './security/identity-proof'
export { signatureHeaderName, signWebhookBody } from './security/webhook-signature'
export { readWebhookEventId } from './envelope/read-envelope'

// The errors, as Segment's runtime names them (a WebhookAuthenticationError is a ValidationError).
export { InvalidEventPayload, RetryError, ValidationError, WebhookAuthenticationError } from './segment/errors'

// The risk verdict.
export { assessRisk } from './risk/assess-risk'
export type { RiskAssessment } from './risk/assess-risk'
export { defaultRiskRules } from './risk/risk-rules'
export { parseRiskRules } from './risk/parse-risk-rules'
export type { RiskRules, RiskRulesOverrides, RiskVerdict } from './risk/risk-rules'

// What the calls are, and what they say of the event.
export type { SegmentCall } from './mapping/segment-call'
export type { SegmentCallType } from './segment/call-types'
export type { FingerprintContext } from './mapping/fingerprint-context'
export type { FingerprintEvent } from './event/fingerprint-event'

// The payload the site puts in the agent's tag (`tag.integrations.segment`).
export type {
  SegmentGroupSpec,
  SegmentIdentifySpec,
  SegmentIntegration,
  SegmentJsonObject,
  SegmentPageSpec,
  SegmentScreenSpec,
  SegmentTrackSpec,
} from './payload/segment-payload'
