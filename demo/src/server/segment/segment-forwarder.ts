/**
 * Sends the function's calls to a real Segment source with `@segment/analytics-node` (only when
 * `SEGMENT_WRITE_KEY` is set), keeping their messageId and timestamp so Segment deduplicates retries.
 */
import {
  Analytics,
  type GroupParams,
  type IdentifyParams,
  type PageParams,
  type TrackParams,
} from '@segment/analytics-node'
import { trackingEndpoint } from '@fingerprint-segment/source-function/internal'
import type { FunctionCall } from '../../shared/activity'

export interface SegmentForwarder {
  send(calls: readonly FunctionCall[]): void
  /** Flushes what is queued. */
  close(): Promise<void>
}

export interface SegmentForwarderOptions {
  writeKey: string
  /** Base URL of the tracking API (its `/v1/batch` is used). @default Segment's API */
  host?: string | undefined
  onError?: (error: unknown) => void
}

export function createSegmentForwarder({ writeKey, host, onError }: SegmentForwarderOptions): SegmentForwarder {
  // The receiver's helper: keeps a base path (analytics-node resolves its `path` against the origin).
  const { host: origin, path } = trackingEndpoint(host)
  const analytics = new Analytics({ writeKey, host: origin, path, flushAt: 1 })
  if (onError) analytics.on('error', onError)
  return {
    send(calls) {
      for (const call of calls) {
        // analytics-node writes into what it is given (`context.library`): it gets a copy, so the
        // calls the panel shows, and compares, stay what the function emitted.
        const { type, payload } = structuredClone(call)
        // The function's payloads are exactly Segment's call fields (checked by the server package's tests).
        if (type === 'identify') analytics.identify(payload as unknown as IdentifyParams)
        else if (type === 'track') analytics.track(payload as unknown as TrackParams)
        else if (type === 'page') analytics.page(payload as unknown as PageParams)
        else if (type === 'screen') analytics.screen(payload as unknown as PageParams)
        else if (type === 'group') analytics.group(payload as unknown as GroupParams)
      }
    },
    close: () => analytics.closeAndFlush({ timeout: 5000 }),
  }
}
