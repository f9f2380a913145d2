import type { SegmentIntegration } from '@fingerprint-segment/source-function'
import type { SegmentAnalytics, SegmentAnalyticsBrowser } from '../analytics-types'
import { buildSegmentIntegration } from './build-segment-integration'
import { readIdentityProof } from '../identity-proof'
import { deepMerge } from './deep-merge'
import type { IdentityProof } from '../options'
import type { Reporter } from '../report-once'

/**
 * The payload of one `withSegment` identification: `buildSegmentIntegration` over the Analytics.js
 * state (the loaded instance or the buffered `AnalyticsBrowser`), with the identity proof (see
 * `readIdentityProof`; its wait starts first, so it ends before a caller's wait of the same length)
 * and then `overrides` on top.
 */
export async function readSegmentPayload(
  analytics: SegmentAnalytics | SegmentAnalyticsBrowser,
  overrides: object | undefined,
  proof: IdentityProof | undefined,
  report: Reporter,
  timeout: number,
): Promise<SegmentIntegration> {
  const identityProof = readIdentityProof(proof, timeout, report)
  const [user, group] = await Promise.all([analytics.user(), analytics.group()])
  return buildSegmentIntegration(
    { user: () => user, group: () => group },
    deepMerge<SegmentIntegration>({ identityProof: await identityProof }, overrides),
  )
}
