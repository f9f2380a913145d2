import type { SegmentCallsResult } from '@fingerprint-segment/source-function'
import type { CallToStore } from './call-store'

/**
 * The calls of one mapped webhook as the store keeps them: each as the exact JSON element of a
 * Tracking API batch (`{"type":"identify",...payload}`), under its deterministic messageId.
 */
export function callsToStore(result: Pick<SegmentCallsResult, 'calls' | 'event'>): CallToStore[] {
  return result.calls.map((call) => ({
    messageId: call.payload.messageId,
    eventId: result.event.requestId,
    json: JSON.stringify({ type: call.type, ...call.payload }),
  }))
}
