import type { SegmentIntegration } from '@fingerprint-segment/source-function'
import type { FingerprintAgentV3, FingerprintAgentV4, SegmentAwareAgentV3, SegmentAwareAgentV4 } from '../agent-types'
import type { SegmentAnalytics, SegmentAnalyticsBrowser } from '../analytics-types'
import type { WithSegmentOptions } from '../options'
import { resolveWithSegmentOptions } from './options'
import { reportOnce } from '../report-once'
import { readSegmentPayload } from './segment-payload'
import { callerSegment, withSegmentTag, type TagFields } from './segment-tag'
import { waitAtMost } from '../timeout'

/** What `withSegment` needs from either agent. */
interface WrappableAgent {
  get(options?: TagFields): Promise<unknown>
  collect?(options?: object): Promise<unknown>
}

/**
 * Wraps a Fingerprint agent so that each `get()` also sends the Segment payload built from
 * Analytics.js (see `buildSegmentIntegration`) at `integrations.segment` of the tag (`tags` for the
 * v4 agent when you set it, which it reads before `tag`). Every other tag key and integration,
 * `linkedId` and the other options are kept; fields you set in `integrations.segment` win; with
 * `skipIntegration: true` the call goes through untouched. When Analytics.js does not answer within
 * `timeout` (e.g. it is blocked), `get()` runs without the payload.
 *
 * @param agent the loaded v3 agent or the started v4 agent
 * @param analytics the loaded `Analytics` instance or the buffered `AnalyticsBrowser`
 * @throws TypeError when an option is invalid
 */
export function withSegment(
  agent: FingerprintAgentV4,
  analytics: SegmentAnalytics | SegmentAnalyticsBrowser,
  options?: WithSegmentOptions,
): SegmentAwareAgentV4
export function withSegment(
  agent: FingerprintAgentV3,
  analytics: SegmentAnalytics | SegmentAnalyticsBrowser,
  options?: WithSegmentOptions,
): SegmentAwareAgentV3
export function withSegment(
  agent: WrappableAgent,
  analytics: SegmentAnalytics | SegmentAnalyticsBrowser,
  options?: WithSegmentOptions,
): object {
  const { timeout, onError, identityProof } = resolveWithSegmentOptions(agent, options)
  const report = reportOnce(onError)

  async function get(getOptions: TagFields = {}): Promise<unknown> {
    const own = callerSegment(getOptions)
    if (own?.skipIntegration === true) return agent.get(getOptions)
    let segment: SegmentIntegration | undefined
    try {
      segment = await waitAtMost(
        readSegmentPayload(analytics, own, identityProof, report, timeout),
        timeout,
        'Analytics.js',
        report,
      )
    } catch (error) {
      report(error, 'payload')
    }
    return agent.get(segment ? withSegmentTag(getOptions, segment) : getOptions)
  }

  return { get, collect: agent.collect?.bind(agent) }
}
