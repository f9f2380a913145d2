/**
 * EMULATED: a local stand-in of Segment's tracking API (what `api.segment.io/v1` does for
 * Analytics.js and `@segment/analytics-node`). It accepts every write key, answers CORS preflights,
 * reads the `text/plain` JSON bodies Analytics.js sends, and records each event for the panel.
 */
import type { ActivityLog } from '../activity-log'
import { sessionOf } from '../demo-session'
import type { BrowserEventActivity, CallType } from '../../shared/activity'
import { allowCrossOrigin, answerPreflight, readJsonObject, RequestError, sendJson, type RouteHandler } from '../http'

/** Analytics.js' short paths and the full batch path of the server libraries. */
const typeByPath: Record<string, CallType | 'batch'> = {
  t: 'track',
  p: 'page',
  i: 'identify',
  g: 'group',
  a: 'alias',
  s: 'screen',
  b: 'batch',
  track: 'track',
  page: 'page',
  identify: 'identify',
  group: 'group',
  alias: 'alias',
  screen: 'screen',
  batch: 'batch',
}

const callTypes = new Set<string>(['identify', 'track', 'page', 'screen', 'group', 'alias'])

/** Serves `/segment/v1/<t|p|i|g|a|s|b|batch|...>`. */
export function trackingApiRoutes(log: ActivityLog): RouteHandler {
  return async (request, response, url) => {
    const match = /^\/segment\/v1\/([a-z]+)$/.exec(url.pathname)
    if (!match) return false
    if (request.method === 'OPTIONS') {
      answerPreflight(request, response)
      return true
    }
    allowCrossOrigin(request, response)
    const pathType = typeByPath[match[1] ?? '']
    if (request.method !== 'POST' || !pathType) throw new RequestError(404, 'Unknown tracking API route.')
    const body = await readJsonObject(request)
    const events = pathType === 'batch' ? readBatch(body) : [{ ...body, type: body.type ?? pathType }]
    // Analytics.js posts to the short paths (`/b` when batching); the server libraries to `/batch`.
    const sender = match[1] === 'batch' ? 'analytics-node' : 'analytics.js'
    for (const event of events) log.record(toActivity(event, sender), sessionOf(request))
    sendJson(response, 200, { success: true })
    return true
  }
}

function readBatch(body: Record<string, unknown>): Record<string, unknown>[] {
  if (!Array.isArray(body.batch)) throw new RequestError(400, 'A batch needs a "batch" array.')
  return body.batch.filter((event): event is Record<string, unknown> => typeof event === 'object' && event !== null)
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined)

function toActivity(
  event: Record<string, unknown>,
  sender: BrowserEventActivity['sender'],
): Omit<BrowserEventActivity, 'id' | 'at'> {
  const type = String(event.type)
  if (!callTypes.has(type)) throw new RequestError(400, `Unknown event type ${JSON.stringify(type)}.`)
  const context = (event.context ?? {}) as Record<string, unknown>
  const fingerprint = (context.fingerprint ?? {}) as Record<string, unknown>
  return {
    kind: 'browser-event',
    sender,
    type: type as CallType,
    messageId: text(event.messageId) ?? '',
    anonymousId: text(event.anonymousId),
    userId: text(event.userId),
    label: text(event.event) ?? text(event.name) ?? text(event.groupId),
    visitorId: text(fingerprint.visitorId),
    requestId: text(fingerprint.requestId),
    event,
  }
}
