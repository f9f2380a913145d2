// The public API of `@fingerprint-segment/browser`, listed explicitly: everything else is internal.
// `withSegment` and `buildSegmentIntegration` are at `@fingerprint-segment/browser/with-segment`
// (`./with-segment/index.ts`), so that a site using only the plugin ships none of their code.
export { fingerprintPlugin } from './fingerprint-plugin'
export { INTEGRATION_INFO, VERSION } from './version'

export type { FingerprintPlugin, FingerprintPluginHook } from './fingerprint-plugin'
export type { FingerprintStamp } from './fingerprint-stamp'
export type {
  ConsentRequirement,
  ErrorHandler,
  FailureKind,
  FingerprintPluginOptions,
  ForwardedCall,
  IdentificationCache,
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
