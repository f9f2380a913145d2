import type { SegmentIntegration } from '@fingerprint-segment/source-function'
import type { SegmentAnalytics, SegmentEventFields } from './analytics-types'
import { readIdentityProof } from './identity-proof'
import { isPlainObject } from './plain-object'
import type { ForwardedCall, ResolvedOptions } from './options'
import type { Reporter } from './report-once'

/** Traits worth sending: a non-empty plain object. */
const presentTraits = (traits: unknown): object | undefined =>
  isPlainObject(traits) && Object.keys(traits).length > 0 ? traits : undefined

/**
 * The payload of the identification `event` starts in the plugin, as `buildSegmentIntegration`
 * would build it: the event's own ids (those Analytics.js stamped on it), the visitor's traits and
 * group read now from `analytics` (only passed while Analytics.js still holds the event's identity:
 * after `track(); reset()` they are someone else's), the identity proof (see `readIdentityProof`),
 * and the event as a `page` / `track` spec when its type is in `forward`. Empty ids and traits and
 * `undefined` fields are left out; nothing is shared with Analytics.js's state.
 */
export async function readEventPayload(
  event: SegmentEventFields,
  analytics: SegmentAnalytics | undefined,
  { forward, identityProof, timeout }: ResolvedOptions,
  report: Reporter,
): Promise<SegmentIntegration> {
  const proof = readIdentityProof(identityProof, timeout, report)
  const { type, event: name, userId, anonymousId, properties } = event
  const traits = presentTraits(analytics?.user().traits())
  const group = analytics?.group()
  const groupId = group?.id()
  // JSON leaves out the fields left `undefined` and copies the rest.
  return JSON.parse(
    JSON.stringify({
      // First, so that the fields below win: `identify: undefined` for an identify call not forwarded.
      [type as string]: forward.includes(type as ForwardedCall)
        ? type == 'page'
          ? { name: event.name || undefined, category: event.category || undefined, properties }
          : name && { event: name, properties }
        : undefined,
      anonymousId: anonymousId || undefined,
      identify: userId || traits ? { userId: userId || undefined, traits } : undefined,
      group: groupId ? { groupId, traits: presentTraits(group?.traits()) } : undefined,
      identityProof: await proof,
    }),
  ) as SegmentIntegration
}
