/**
 * The Tracking API as a function (`PostBatch`), for the deliverer's tests on manual time: it
 * answers at once as its mode says, refuses what Segment refuses (a batch over 500 KB, a Track
 * without an event name: 400 for the whole request), and records every request with the manual
 * time it was made at. The HTTP stand-in of the test kit plays the same over real sockets.
 */
import { segmentLimits } from '@fingerprint-segment/source-function/internal'
import type { BatchAnswer, PostBatch } from '../src/delivery/tracking-api-client'

export type ScriptedMode =
  | { kind: 'up' }
  | { kind: 'failing' }
  | { kind: 'rate-limited'; retryAfterMs: number }
  | { kind: 'refusing-everything' }

export interface ScriptedRequest {
  readonly at: number
  readonly messageIds: readonly string[]
  readonly bytes: number
  readonly answer: BatchAnswer['kind']
}

export interface ScriptedTrackingApi {
  readonly postBatch: PostBatch
  mode: ScriptedMode
  readonly requests: ScriptedRequest[]
  /** Accepted messageIds, with repeats. */
  readonly accepted: string[]
  /** Accepted messageIds, each once. */
  readonly delivered: ReadonlySet<string>
}

export function scriptedTrackingApi(now: () => number): ScriptedTrackingApi {
  const requests: ScriptedRequest[] = []
  const accepted: string[] = []
  const delivered = new Set<string>()
  const api: ScriptedTrackingApi = {
    mode: { kind: 'up' },
    requests,
    accepted,
    delivered,
    postBatch(body) {
      const { batch } = JSON.parse(body) as { batch: { messageId: string; type: string; event?: string }[] }
      const bytes = Buffer.byteLength(body)
      const answer = answerTo(api.mode, batch, bytes)
      requests.push({ at: now(), messageIds: batch.map((call) => call.messageId), bytes, answer: answer.kind })
      if (answer.kind === 'accepted') {
        for (const call of batch) {
          accepted.push(call.messageId)
          delivered.add(call.messageId)
        }
      }
      return Promise.resolve(answer)
    },
  }
  return api
}

function answerTo(mode: ScriptedMode, batch: readonly { type: string; event?: string }[], bytes: number): BatchAnswer {
  switch (mode.kind) {
    case 'failing':
      return { kind: 'failed', status: 500, reason: 'the tracking API answered 500' }
    case 'rate-limited':
      return { kind: 'failed', status: 429, reason: 'the tracking API answered 429', retryAfterMs: mode.retryAfterMs }
    case 'refusing-everything':
      return { kind: 'rejected', status: 400, reason: 'the tracking API answered 400: refused by a broken proxy' }
    case 'up':
      break
  }
  if (bytes > segmentLimits.batchBytes)
    return { kind: 'rejected', status: 400, reason: 'the tracking API answered 400: too large' }
  if (batch.some((call) => call.type === 'track' && call.event === undefined)) {
    return { kind: 'rejected', status: 400, reason: 'the tracking API answered 400: a track has no event name' }
  }
  return { kind: 'accepted', status: 200 }
}
