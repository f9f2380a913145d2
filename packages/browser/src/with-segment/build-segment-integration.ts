import type { SegmentIntegration } from '@fingerprint-segment/source-function'
import type { SegmentAnalytics, SegmentId } from '../analytics-types'
import { isPlainObject } from '../plain-object'
import { deepMerge } from './deep-merge'

const present = (id: SegmentId): string | undefined => id || undefined

const presentTraits = (traits: unknown): object | undefined =>
  isPlainObject(traits) && Object.keys(traits).length > 0 ? traits : undefined

/**
 * Builds the Segment payload of a Fingerprint identification from the Analytics.js state: the
 * `anonymousId`, `identify` with the `userId` and traits when known, and `group` when the visitor
 * is in a group. `overrides` are merged on top (deeply for nested objects such as traits and
 * properties): the caller wins. Pure: reads `analytics` and changes nothing (nested objects are copied).
 *
 * @param analytics the loaded Analytics.js instance (`analytics.user()` must be synchronous)
 * @param overrides fields to add or replace, e.g. `{ identityProof }` or `{ track: { event: 'Signed Up' } }`
 */
export function buildSegmentIntegration(
  analytics: SegmentAnalytics,
  overrides?: SegmentIntegration,
): SegmentIntegration {
  const user = analytics.user()
  const group = analytics.group()
  const userId = present(user.id())
  const traits = presentTraits(user.traits())
  const groupId = present(group.id())
  return deepMerge<SegmentIntegration>(
    {
      anonymousId: present(user.anonymousId()),
      identify: userId || traits ? { userId, traits } : undefined,
      group: groupId ? { groupId, traits: presentTraits(group.traits()) } : undefined,
    },
    overrides,
  )
}
