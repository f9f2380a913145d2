/**
 * What Segment's Tracking API would refuse, checked with Segment's own validator
 * (`@segment/analytics-core`) plus the limits it leaves out: 32 KB per event, 100-character
 * messageId, a string userId or anonymousId.
 */
import { segmentLimits } from '@fingerprint-segment/source-function/internal'
import { assertUserIdentity, validateEvent, type CoreSegmentEvent } from '@segment/analytics-core'

export function assertDeliverableCall(call: { type: string; payload: object }): void {
  const payload = call.payload as Record<string, unknown>
  const event = { ...payload, type: call.type } as unknown as CoreSegmentEvent
  validateEvent(event)
  assertUserIdentity(event)
  const messageId = payload.messageId
  if (typeof messageId !== 'string' || messageId.length === 0 || messageId.length > 100) {
    throw new Error(`messageId must be 1 to 100 characters, got ${JSON.stringify(messageId)}`)
  }
  for (const key of ['userId', 'anonymousId'] as const) {
    const value = payload[key]
    if (value !== undefined && (typeof value !== 'string' || value === ''))
      throw new Error(`${key} must be a non-empty string`)
  }
  if (typeof payload.timestamp !== 'string' || Number.isNaN(Date.parse(payload.timestamp))) {
    throw new Error('timestamp must be an ISO-8601 string')
  }
  const bytes = Buffer.byteLength(JSON.stringify(event), 'utf8')
  if (bytes > segmentLimits.eventBytes)
    throw new Error(`the event is ${bytes} bytes, over Segment's ${segmentLimits.eventBytes}-byte limit`)
}
