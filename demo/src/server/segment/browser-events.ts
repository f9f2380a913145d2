/**
 * What the Tracking API stand-in (the test kit's, mounted at `/segment`) accepted, as the panel shows
 * it: one activity per event, duplicates included, in the session of the request it came in.
 */
import type { IncomingMessage } from 'node:http'
import type { RecordedEvent } from '@fingerprint-segment/test-kit/stand-ins'
import type { ActivityLog } from '../activity-log'
import { sessionOf } from '../demo-session'
import type { BrowserEventActivity, CallType } from '../../shared/activity'

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined)

/** Records `events`, accepted in `request`: Analytics.js posts to the one-letter paths (`/v1/b` when batching), analytics-node to `/v1/batch`. */
export function recordBrowserEvents(
  log: ActivityLog,
  events: readonly RecordedEvent[],
  request: IncomingMessage,
): void {
  const sender: BrowserEventActivity['sender'] = (request.url ?? '').endsWith('/v1/batch')
    ? 'analytics-node'
    : 'analytics.js'
  for (const event of events) log.record(toActivity(event, sender), sessionOf(request))
}

function toActivity(
  event: RecordedEvent,
  sender: BrowserEventActivity['sender'],
): Omit<BrowserEventActivity, 'id' | 'at'> {
  const context = (event.context ?? {}) as Record<string, unknown>
  const fingerprint = (context.fingerprint ?? {}) as Record<string, unknown>
  return {
    kind: 'browser-event',
    sender,
    // The stand-in accepts the Tracking API's call types only, every one of which the panel shows.
    type: event.type as CallType,
    messageId: event.messageId,
    anonymousId: text(event.anonymousId),
    userId: text(event.userId),
    label: text(event.event) ?? text(event.name) ?? text(event.groupId),
    visitorId: text(fingerprint.visitorId),
    requestId: text(fingerprint.requestId),
    event,
  }
}
