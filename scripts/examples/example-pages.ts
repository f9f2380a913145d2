/**
 * What each page of the examples apps must produce, read from the demo's state (`/api/state?all`):
 * its events at the tracking stand-in stamped by the plugin, its identifications, the Source
 * Function's calls. The pages are opened by `run-example-pages.ts`.
 */
import { expect } from '@playwright/test'
import type { Activity, FunctionRunActivity, IdentificationActivity } from '../../demo/src/shared/activity'

/** What one page must have produced. */
export interface PageExample {
  name: string
  path: string
  /** The localStorage key the page's analytics library keeps its anonymousId in. @default 'ajs_anonymous_id' */
  anonymousIdKey?: string
  /** Resolves when the demo's state shows the example worked; throws (with a reason) otherwise. */
  check(activities: () => Promise<Activity[]>, anonymousId: string): Promise<void>
}

const callsOf = (activities: Activity[], anonymousId: string) =>
  activities
    .filter((activity): activity is FunctionRunActivity => activity.kind === 'function-run')
    .flatMap((run) => run.calls)
    .filter((call) => call.payload.anonymousId === anonymousId)

/** An event of this type from the page for this visitor, stamped with a Fingerprint visitorId by the plugin. */
async function stamped(activities: () => Promise<Activity[]>, anonymousId: string, type = 'page'): Promise<void> {
  await expect
    .poll(
      async () =>
        (await activities()).some(
          (activity) =>
            activity.kind === 'browser-event' &&
            activity.type === type &&
            activity.anonymousId === anonymousId &&
            activity.visitorId !== undefined,
        ),
      { message: `the ${type} event reaches the tracking stand-in stamped with context.fingerprint.visitorId` },
    )
    .toBe(true)
}

/** A call of this type (and Track event name) emitted by the Source Function for this visitor. */
async function emitted(
  activities: () => Promise<Activity[]>,
  anonymousId: string,
  type: string,
  event?: string,
): Promise<void> {
  await expect
    .poll(
      async () =>
        callsOf(await activities(), anonymousId).some(
          (call) => call.type === type && (event === undefined || call.payload.event === event),
        ),
      { message: `the Source Function emits ${type}${event ? ` "${event}"` : ''} for the page's anonymousId` },
    )
    .toBe(true)
}

/** An identification whose tag matches `matches`. */
async function identified(
  activities: () => Promise<Activity[]>,
  message: string,
  matches: (tag: string, identification: IdentificationActivity) => boolean,
): Promise<void> {
  await expect
    .poll(
      async () =>
        (await activities()).some(
          (activity) => activity.kind === 'identification' && matches(JSON.stringify(activity.tag), activity),
        ),
      { message },
    )
    .toBe(true)
}

/** The Vite app's npm pages: the browser package's README snippets with each agent. */
export const npmPages: readonly PageExample[] = [
  {
    name: 'browser: plugin and withSegment, v3 agent',
    path: '/?example=browser-v3',
    async check(activities, anonymousId) {
      await stamped(activities, anonymousId)
      await emitted(activities, anonymousId, 'identify')
      await emitted(activities, anonymousId, 'track', 'Order Completed')
    },
  },
  {
    name: 'browser: plugin and withSegment, v4 agent',
    path: '/?example=browser-v4',
    async check(activities, anonymousId) {
      await identified(
        activities,
        'the wrapped v4 get() identifies with tags { cart, integrations.segment }',
        (tag) => tag.includes('"cart":"c-7"') && tag.includes(anonymousId),
      )
      await emitted(activities, anonymousId, 'identify')
    },
  },
]

/**
 * The script-tag page: the IIFE, the Analytics.js snippet and the v3 agent from Fingerprint's CDN.
 * Checked with the latest peers only: a site that loads Analytics.js by snippet gets Segment's
 * current build from its CDN, whatever version an npm install would pin (the stand-in serves the
 * installed one).
 */
export const scriptTagPage: PageExample = {
  name: 'browser: the IIFE by script tag, Analytics.js snippet, v3 agent from the CDN',
  path: '/script-tag.html',
  async check(activities, anonymousId) {
    await stamped(activities, anonymousId)
    await emitted(activities, anonymousId, 'identify')
  },
}

/** Hightouch Events' browser SDK with the plugin (README "Hightouch Events"), then `identify('user-ht-1')`. */
export const hightouchPage: PageExample = {
  name: 'browser: the plugin in Hightouch Events (@ht-sdks/events-sdk-js-browser), v3 agent',
  path: '/?example=hightouch',
  anonymousIdKey: 'htjs_anonymous_id',
  async check(activities, anonymousId) {
    await stamped(activities, anonymousId, 'page')
    await stamped(activities, anonymousId, 'identify')
    await identified(
      activities,
      "an identification's tag carries the SDK's anonymousId and, after identify(), its userId",
      (tag) => tag.includes(`"anonymousId":"${anonymousId}"`) && tag.includes('"userId":"user-ht-1"'),
    )
    await emitted(activities, anonymousId, 'identify')
  },
}

/** The Next.js App Router app: the README's `AnalyticsPageViews` in the root layout, v4 agent. */
export const nextPages: readonly PageExample[] = [
  {
    name: "Next.js App Router (next build, next start): the layout's AnalyticsPageViews, v4 agent",
    path: '/',
    async check(activities, anonymousId) {
      await stamped(activities, anonymousId)
      await emitted(activities, anonymousId, 'identify')
    },
  },
]
