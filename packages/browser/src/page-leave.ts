import type { SegmentAnalyticsWithSettings, SegmentContext } from './analytics-types'
import { keepForNextPage } from './next-page-queue'

/**
 * Makes sure no event the plugin holds (`held`: taken by the plugin, not yet handed to the
 * destinations) is lost when the page is left, calling `leave(ms)` when it may be left within `ms`:
 *
 * - at `pagehide`, the last moment the page runs code, the held events are put in Analytics.js's
 *   persisted event queue, which the next page load sends (see `keepForNextPage`). They are not
 *   released as well: a page closing may still run a task or two, and would send them twice;
 * - at once on `beforeunload` (a navigation starts, e.g. `location.href = ...`) and
 *   `visibilitychange` to hidden (unless they were kept), the events waiting for an identification
 *   are released (`leave(0)`), so they usually go out from this page;
 * - within half of Analytics.js's `timeout` (300 ms by default) after a `click` or a `submit`, heard
 *   before the element's own listeners: what `trackLink` / `trackForm` listen to before they
 *   navigate `timeout` ms later. Released then: the events of the identifications in flight at
 *   the click (`trackLink` tracks under the page's identity); an identification that starts after
 *   it (the Identify after a sign-in request the click started) waits as usual, and is released
 *   at `beforeunload` if the page is left meanwhile.
 */
export function listenForPageLeave(
  leave: (ms: number) => void,
  analytics: SegmentAnalyticsWithSettings,
  held: Iterable<SegmentContext>,
): void {
  const now = (): void => leave(0)
  // 300 ms: Analytics.js's own default of `settings.timeout`, how long `trackLink` / `trackForm` wait before navigating.
  const soon = (): void => leave((analytics.settings?.timeout ?? 300) / 2)
  /** Between `pagehide` and a `pageshow` (back from the back/forward cache): the held events are kept. */
  let kept = false
  const listeners: Record<string, () => unknown> = {
    beforeunload: now,
    pagehide: () => {
      kept = true
      keepForNextPage(analytics, held)
    },
    pageshow: () => (kept = false),
    click: soon,
    submit: soon,
    // Browsers hide a page that is going after `pagehide`: its kept events are not released to be sent twice.
    visibilitychange: () => document.hidden && !kept && now(),
  }
  // On the window, capturing: `click` and `submit` are heard before the element's own listeners,
  // `visibilitychange` on its way to the document.
  for (const type in listeners) addEventListener(type, listeners[type] as () => unknown, true)
}
