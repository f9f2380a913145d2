import type { SegmentIntegration } from '@fingerprint-segment/source-function'
import type { SegmentAnalytics, SegmentAnalyticsBrowser } from './analytics-types'
import { buildSegmentIntegration } from './build-segment-integration'
import { deepMerge } from './merge'
import type { IdentityProof } from './options'
import type { Reporter } from './report-once'
import { waitAtMost } from './timeout'

/**
 * The payload of one identification: `buildSegmentIntegration` over the Analytics.js state (the
 * loaded instance or the buffered `AnalyticsBrowser`), with the identity proof and then `overrides`
 * on top. `proof` is a string or a function returning one, awaited at most `timeout` ms (its wait
 * starts first, so it ends before a caller's wait of the same length). A proof function that throws
 * is reported as `'payload'`, one that does not answer in time as `'timeout'`; either way the
 * payload goes without the proof.
 */
export async function readSegmentPayload(
  analytics: SegmentAnalytics | SegmentAnalyticsBrowser,
  overrides: object | undefined,
  proof: IdentityProof | undefined,
  report: Reporter,
  timeout: number,
): Promise<SegmentIntegration> {
  const proofRead = waitAtMost(
    (async () => (typeof proof == 'function' ? proof() : proof))(),
    timeout,
    'identityProof',
    report,
  ).catch((error: unknown) => report(error, 'payload'))
  const [user, group] = await Promise.all([analytics.user(), analytics.group()])
  const identityProof = await proofRead
  return buildSegmentIntegration(
    { user: () => user, group: () => group },
    // Anything but a non-empty string (e.g. `undefined` from the function) means no proof.
    deepMerge<SegmentIntegration>(
      { identityProof: (typeof identityProof == 'string' && identityProof) || undefined },
      overrides,
    ),
  )
}
