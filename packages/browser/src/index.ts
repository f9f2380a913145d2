// The public API, listed explicitly: everything else is internal.
export { buildSegmentIntegration } from './build-segment-integration'
export { withSegment } from './with-segment'
export { fingerprintPlugin } from './fingerprint-plugin'
export { INTEGRATION_INFO, VERSION } from './version'

export type { FingerprintPlugin, FingerprintPluginHook } from './fingerprint-plugin'
export type { FingerprintStamp } from './fingerprint-stamp'
export type {
  ErrorHandler,
  FailureKind,
  FingerprintPluginOptions,
  ForwardedCall,
  IdentityProof,
  WithSegmentOptions,
} from './options'
export type {
  FingerprintAgent,
  FingerprintAgentV3,
  FingerprintAgentV4,
  SegmentAwareAgentV3,
  SegmentAwareAgentV4,
  SegmentAwareV3GetOptions,
  SegmentAwareV4GetOptions,
  SegmentTag,
  SegmentTagInput,
  TagIntegrations,
} from './agent-types'
export type {
  SegmentAnalytics,
  SegmentAnalyticsBrowser,
  SegmentContext,
  SegmentEventFields,
  SegmentId,
  SegmentIdentity,
  SegmentUser,
} from './analytics-types'
export type {
  SegmentGroupSpec,
  SegmentIdentifySpec,
  SegmentIntegration,
  SegmentJsonObject,
  SegmentPageSpec,
  SegmentScreenSpec,
  SegmentTrackSpec,
} from '@fingerprint-segment/source-function'
