import type { SegmentIntegration, SegmentJsonObject } from '@fingerprint-segment/source-function'
import type { SegmentAnalytics, SegmentId } from './analytics-types'
import { deepMerge, isPlainObject } from './merge'

function presentId(id: SegmentId): string | undefined {
  return typeof id === 'string' && id !== '' ? id : undefined
}

function presentTraits(traits: unknown): SegmentJsonObject | undefined {
  return isPlainObject(traits) && Object.keys(traits).length > 0 ? { ...traits } : undefined
}

/**
 * Builds the Segment payload of a Fingerprint identification from the Analytics.js state: the
 * `anonymousId`, `identify` with the `userId` and traits when known, and `group` when the visitor
 * is in a group. `overrides` are merged on top (deeply for nested objects such as traits and
 * properties): the caller wins. Pure: reads `analytics`, changes nothing.
 *
 * @param analytics the loaded Analytics.js instance (`analytics.user()` must be synchronous)
 * @param overrides fields to add or replace, e.g. `{ identityProof }` or `{ track: { event: 'Signed Up' } }`
 */
export function buildSegmentIntegration(analytics: SegmentAnalytics, overrides?: SegmentIntegration): SegmentIntegration {
  const user = analytics.user()
  const group = analytics.group()
  const payload: SegmentIntegration = {}

  const anonymousId = presentId(user.anonymousId())
  if (anonymousId) payload.anonymousId = anonymousId

  const userId = presentId(user.id())
  const traits = presentTraits(user.traits())
  if (userId || traits) {
    payload.identify = {}
    if (userId) payload.identify.userId = userId
    if (traits) payload.identify.traits = traits
  }

  const groupId = presentId(group.id())
  if (groupId) {
    payload.group = { groupId }
    const groupTraits = presentTraits(group.traits())
    if (groupTraits) payload.group.traits = groupTraits
  }

  return deepMerge(payload, overrides)
}
