import type { SegmentIntegration } from '@fingerprint-segment/source-function'
import type { SegmentAnalytics, SegmentAnalyticsBrowser } from './analytics-types'
import { buildSegmentIntegration } from './build-segment-integration'
import { deepMerge } from './merge'
import type { IdentityProof } from './options'
import type { Reporter } from './report-once'

/**
 * The payload of one identification: `buildSegmentIntegration` over the Analytics.js state (the
 * loaded instance or the buffered `AnalyticsBrowser`), with the identity proof and then `overrides`
 * on top. `proof` is a string or a function returning one (awaited); a failing function is reported as `'payload'` and the proof left out.
 */
export async function readSegmentPayload(
  analytics: SegmentAnalytics | SegmentAnalyticsBrowser,
  overrides: SegmentIntegration | undefined,
  proof: IdentityProof | undefined,
  report: Reporter,
): Promise<SegmentIntegration> {
  const [user, group] = await Promise.all([analytics.user(), analytics.group()])
  let identityProof: unknown
  try {
    identityProof = typeof proof === 'function' ? await proof() : proof
  } catch (error) {
    report(error, 'payload')
  }
  // Anything but a non-empty string (e.g. `undefined` from the function) means no proof.
  const valid = typeof identityProof === 'string' && identityProof ? identityProof : undefined
  return buildSegmentIntegration({ user: () => user, group: () => group }, deepMerge({ identityProof: valid }, overrides))
}
