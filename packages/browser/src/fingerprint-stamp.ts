import type { SegmentContext } from './analytics-types'
import { isPlainObject } from './plain-object'

/** What the plugin writes to `context.fingerprint` of each Analytics.js event. */
export interface FingerprintStamp {
  /** The visitor id (v3 `visitorId`, v4 `visitor_id`); absent when the agent withheld it. */
  visitorId?: string
  /** The id of the identification (v3 `requestId`, v4 `event_id`): the key to its webhook. */
  requestId: string
}

/**
 * Reads a v3 (`visitorId`, `requestId`) or v4 (`visitor_id`, `event_id`) `get()` result.
 * Returns `undefined` for anything without a request id.
 */
export function toFingerprintStamp(result: unknown): FingerprintStamp | undefined {
  const {
    event_id,
    requestId = event_id,
    visitor_id,
    visitorId = visitor_id,
  } = Object(result) as Record<string, unknown>
  if (typeof requestId == 'string' && requestId)
    return typeof visitorId == 'string' && visitorId ? { visitorId, requestId } : { requestId }
  return undefined
}

/**
 * Writes `stamp` to `context.fingerprint` of the event, keeping every value the site already set
 * there. A non-object `context.fingerprint` set by the site is left as it is.
 */
export function stampContext(ctx: SegmentContext, stamp: FingerprintStamp): void {
  const existing = (ctx.event.context as { fingerprint?: unknown } | undefined)?.fingerprint
  if (existing === undefined || isPlainObject(existing)) {
    for (const key in stamp) {
      if (existing?.[key] === undefined)
        ctx.updateEvent(`context.fingerprint.${key}`, stamp[key as keyof FingerprintStamp])
    }
  }
}
