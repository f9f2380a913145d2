import type { Identification } from './identification'

/** Analytics.js's own default of `settings.timeout`: how long `trackLink` / `trackForm` wait before navigating. */
export const NAVIGATION_DELAY = 300

/**
 * Releases the events waiting for `identification` when the page is being left, so none is caught
 * in the plugin when the page goes (Analytics.js keeps only the events already handed to its
 * Segment.io destination or still in its queue):
 *
 * - at once on `beforeunload` (a navigation starts, e.g. `location.href = ...`), `pagehide`, and
 *   `visibilitychange` to hidden. Capture listeners on `window` run before Analytics.js's own.
 * - within half of Analytics.js's `timeout` (`hostDelay()`, 300 ms by default) after a `click` or a
 *   `submit`: what `trackLink` / `trackForm` listen to before they navigate `timeout` ms later.
 */
export function listenForPageLeave(identification: Identification, hostDelay: () => number | undefined): void {
  const now = (): void => identification.leave(0)
  const soon = (): void => identification.leave((hostDelay() ?? NAVIGATION_DELAY) / 2)
  for (const type of ['beforeunload', 'pagehide']) addEventListener(type, now, true)
  for (const type of ['click', 'submit']) addEventListener(type, soon, true)
  document.addEventListener('visibilitychange', () => document.hidden && now(), true)
}
