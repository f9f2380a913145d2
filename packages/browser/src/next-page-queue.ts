import type { SegmentAnalyticsWithSettings, SegmentContext } from './analytics-types'

/**
 * Puts `contexts` that Analytics.js has not yet handed to its Segment.io destination into
 * Analytics.js's own persisted event queue (`localStorage`, the key and format of its
 * `PersistedPriorityQueue`), which the next page load of the site reads and sends with its first
 * event, through every plugin again. Called at `pagehide`: once the page goes, no timer runs, and
 * Analytics.js hands events to destinations in a `setTimeout`. Events the Segment.io destination has
 * (sending, or waiting for a retry) are left to it: it keeps them itself at `pagehide`. Does nothing
 * when Analytics.js keeps nothing (`disableClientPersistence`) or storage throws.
 */
export function keepForNextPage(analytics: SegmentAnalyticsWithSettings, contexts: Iterable<SegmentContext>): void {
  const pending = [...contexts].filter((ctx) => !ctx.logs?.().some(({ extras }) => extras?.plugin == 'Segment.io'))
  const writeKey = analytics.settings?.writeKey
  const key = `persisted-queue:v1:${writeKey}:event-queue:items`
  if (pending.length && writeKey && !analytics.options?.disableClientPersistence)
    try {
      localStorage.setItem(
        key,
        JSON.stringify((JSON.parse(localStorage.getItem(key) ?? '[]') as unknown[]).concat(pending)),
      )
    } catch {
      // Blocked or full storage: Analytics.js cannot keep its own queue either.
    }
}
