import { Analytics } from '@segment/analytics-node'
import { segmentCallTypes, type SegmentCall } from '../segment-call'

/** How the forwarder reaches the tracking API (analytics-node settings, with the receiver's defaults). */
export interface TrackingApiSettings {
  writeKey: string
  /** Base URL of a Segment-compatible tracking API; analytics-node's default (Segment's) when undefined. */
  host?: string
  /** Batch path on that host; analytics-node's default (`/v1/batch`) when undefined. */
  path?: string
  maxEventsInBatch: number
  flushIntervalMs: number
  maxRetries: number
  httpRequestTimeoutMs: number
}

/** Whether every call of one webhook was accepted by the tracking API before the deadline. */
export type DeliveryOutcome = { accepted: true } | { accepted: false; reason: string }

export interface TrackingApiForwarder {
  /** Sends the calls (with their own messageId and timestamp) and settles once all were accepted, one failed, or `deadline` (epoch ms) passed. */
  forward(calls: readonly SegmentCall[], deadline: number): Promise<DeliveryOutcome>
  /** Stops taking calls and flushes what is queued or retrying, for at most `timeoutMs`. */
  close(timeoutMs: number): Promise<void>
}

type CallOutcome = { accepted: true } | { accepted: false; reason: string }
type Waiter = (outcome: CallOutcome) => void

/**
 * Forwards calls with `@segment/analytics-node` and tells when the tracking API accepted them.
 *
 * analytics-node's per-call callback is delayed to at least 300 ms after the call (a legacy
 * floor in analytics-core's `dispatch`), which would cap a receiver at concurrency / 0.3 s.
 * Its emitter reports the same outcome without that floor: `<type>` once the batch holding the
 * call was accepted (2xx), `error` with the call's context once it failed for good. Outcomes
 * are matched to waiting webhooks by messageId; a messageId is one call, so an acceptance
 * settles every webhook waiting on it (a retry that overlapped the first attempt).
 */
export function createTrackingApiForwarder(settings: TrackingApiSettings): TrackingApiForwarder {
  const analytics = new Analytics({
    writeKey: settings.writeKey,
    ...(settings.host === undefined ? {} : { host: settings.host }),
    ...(settings.path === undefined ? {} : { path: settings.path }),
    flushAt: settings.maxEventsInBatch,
    flushInterval: settings.flushIntervalMs,
    maxRetries: settings.maxRetries,
    httpRequestTimeout: settings.httpRequestTimeoutMs,
  })
  const waiters = new Map<string, Waiter[]>()

  const settleAll = (messageId: string, outcome: CallOutcome): void => {
    const waiting = waiters.get(messageId)
    if (!waiting) return
    waiters.delete(messageId)
    for (const waiter of waiting) waiter(outcome)
  }
  const settleOne = (messageId: string, outcome: CallOutcome): void => {
    const waiting = waiters.get(messageId)
    const waiter = waiting?.shift()
    if (waiting?.length === 0) waiters.delete(messageId)
    waiter?.(outcome)
  }
  const removeWaiter = (messageId: string, waiter: Waiter): void => {
    const waiting = waiters.get(messageId)
    if (!waiting) return
    const index = waiting.indexOf(waiter)
    if (index >= 0) waiting.splice(index, 1)
    if (waiting.length === 0) waiters.delete(messageId)
  }

  for (const type of segmentCallTypes) {
    analytics.on(type, (context) => {
      const messageId = context.event.messageId
      if (messageId !== undefined) settleAll(messageId, { accepted: true })
    })
  }
  analytics.on('error', (error) => {
    const messageId = error.ctx?.event.messageId
    if (messageId !== undefined) settleOne(messageId, { accepted: false, reason: describeReason(error.reason) })
  })
  analytics.on('call_after_close', (event) => {
    if (event.messageId !== undefined)
      settleOne(event.messageId, { accepted: false, reason: 'the receiver is shutting down' })
  })

  function send(call: SegmentCall): void {
    switch (call.type) {
      case 'identify': {
        analytics.identify(call.payload)
        return
      }
      case 'page': {
        analytics.page(call.payload)
        return
      }
      case 'track': {
        analytics.track(call.payload)
        return
      }
      case 'group': {
        analytics.group(call.payload)
        return
      }
      case 'screen': {
        analytics.screen(call.payload)
        return
      }
    }
  }

  function forwardOne(call: SegmentCall, deadline: number): Promise<CallOutcome> {
    return new Promise((resolve) => {
      const { messageId } = call.payload
      const timer = setTimeout(
        () => {
          removeWaiter(messageId, waiter)
          resolve({ accepted: false, reason: `the tracking API did not accept ${call.type} ${messageId} in time` })
        },
        Math.max(0, deadline - Date.now()),
      )
      const waiter: Waiter = (outcome) => {
        clearTimeout(timer)
        resolve(outcome)
      }
      const waiting = waiters.get(messageId)
      if (waiting) waiting.push(waiter)
      else waiters.set(messageId, [waiter])
      try {
        send(call)
      } catch (error) {
        removeWaiter(messageId, waiter)
        waiter({
          accepted: false,
          reason: `analytics-node refused ${call.type} ${messageId}: ${describeReason(error)}`,
        })
      }
    })
  }

  return {
    forward(calls, deadline) {
      if (calls.length === 0) return Promise.resolve({ accepted: true })
      return new Promise((resolve) => {
        let pending = calls.length
        for (const call of calls) {
          void forwardOne(call, deadline).then((outcome) => {
            if (pending === 0) return
            if (!outcome.accepted) {
              // One refused call decides the answer: no need to wait for the others.
              pending = 0
              resolve(outcome)
            } else if (--pending === 0) resolve({ accepted: true })
          })
        }
      })
    },
    close(timeoutMs) {
      return analytics.closeAndFlush({ timeout: timeoutMs })
    },
  }
}

function describeReason(reason: unknown): string {
  if (reason instanceof Error) return reason.message
  return typeof reason === 'string' ? reason : (jsonText(reason) ?? String(reason))
}

/** `JSON.stringify`, typed as what it returns: `undefined` for `undefined`, functions and symbols. */
function jsonText(value: unknown): string | undefined {
  return JSON.stringify(value)
}
