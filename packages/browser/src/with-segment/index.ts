// The public API of `@fingerprint-segment/browser/with-segment`: the Segment-aware `fp.get()` and
// the payload builder it uses, for sites that call `get()` themselves. Its own entry, so that a site
// using only the plugin ships none of this code (and the other way round).
export { buildSegmentIntegration } from './build-segment-integration'
export { withSegment } from './with-segment'
export { INTEGRATION_INFO, VERSION } from '../version'

export type { ErrorHandler, FailureKind, IdentityProof, WithSegmentOptions } from '../options'
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
} from '../agent-types'
export type {
  SegmentAnalytics,
  SegmentAnalyticsBrowser,
  SegmentId,
  SegmentIdentity,
  SegmentUser,
} from '../analytics-types'
export type {
  SegmentGroupSpec,
  SegmentIdentifySpec,
  SegmentIntegration,
  SegmentJsonObject,
  SegmentPageSpec,
  SegmentScreenSpec,
  SegmentTrackSpec,
} from '@fingerprint-segment/source-function'
