import type { SegmentAnalytics, SegmentContext } from './analytics-types'
import type { Identification } from './identification'
import { keepForNextPage } from './next-page-queue'

/** Analytics.js's own default of `settings.timeout`: how long `trackLink` / `trackForm` wait before navigating. */
export const NAVIGATION_DELAY = 300

/**
 * Makes sure no event the plugin holds (`held`: taken by the plugin, not yet handed to the
 * destinations) is lost when the page is left:
 *
 * - at `pagehide`, the last moment the page runs code, the held events are put in Analytics.js's
 *   persisted event queue, which the next page load sends (see `keepForNextPage`). They are not
 *   released as well: a page closing may still run a task or two, and would send them twice;
 * - at once on `beforeunload` (a navigation starts, e.g. `location.href = ...`) and
 *   `visibilitychange` to hidden (unless they were kept), the events waiting for `identification`
 *   are released, so they usually go out from this page;
 * - within half of Analytics.js's `timeout` (300 ms by default) after a `click` or a `submit`, heard
 *   before the element's own listeners: what `trackLink` / `trackForm` listen to before they
 *   navigate `timeout` ms later.
 */
export function listenForPageLeave(
  identification: Identification,
  analytics: SegmentAnalytics,
  held: Iterable<SegmentContext>,
): void {
  const now = (): void => identification.leave(0)
  const soon = (): void => identification.leave((analytics.settings?.timeout ?? NAVIGATION_DELAY) / 2)
  /** Between `pagehide` and a `pageshow` (back from the back/forward cache): the held events are kept. */
  let kept = false
  addEventListener('beforeunload', now)
  addEventListener('pagehide', () => {
    kept = true
    keepForNextPage(analytics, held)
  })
  addEventListener('pageshow', () => (kept = false))
  for (const type of ['click', 'submit']) addEventListener(type, soon, true)
  // Browsers hide a page that is going after `pagehide`: its kept events are not released to be sent twice.
  document.addEventListener('visibilitychange', () => document.hidden && !kept && now())
}
