/**
 * The local Source Function host: the webhook URL Segment would give the function. Each POST runs
 * the BUILT pasteable bundle (`packages/source-function/dist/segment-source-function.js`) in the
 * test kit's vm sandbox (`loadBuiltFunction`), which exposes only what Segment's Functions runtime
 * exposes, with the settings Segment's Settings tab would hold. The calls it makes are recorded for the panel and, with
 * `SEGMENT_WRITE_KEY`, sent to a real Segment source.
 */
import type { FunctionSandbox, SandboxResult } from '@fingerprint-segment/test-kit/stand-ins'
import { readWebhookEventId } from '@fingerprint-segment/source-function'
import type { ActivityLog } from './activity-log'
import type { FunctionCall } from '../shared/activity'
import { deliveryIdHeader } from './fingerprint-cloud/webhook-sender'
import { readBody, sendJson, type RouteHandler } from './http'
import type { SegmentForwarder } from './segment/segment-forwarder'

/** The Segment errors that mean "Message Rejected" (not retried): answered 400, others 500. */
const rejectedErrors = new Set(['ValidationError', 'InvalidEventPayload', 'EventNotSupported'])

export interface FunctionHostDependencies {
  sandbox: FunctionSandbox
  settings: Record<string, string>
  log: ActivityLog
  forwarder?: SegmentForwarder | undefined
}

/** Serves `POST /function/webhook`. */
export function functionHostRoutes({ sandbox, settings, log, forwarder }: FunctionHostDependencies): RouteHandler {
  // The sandbox collects one run at a time: runs are queued, as each Segment invocation is isolated.
  let queue: Promise<unknown> = Promise.resolve()
  const runSerially = (body: string, headers: Record<string, string>, url: string): Promise<SandboxResult> => {
    const run = queue.then(() => sandbox.run({ body, headers, url }, settings))
    queue = run.catch(() => undefined)
    return run
  }

  return async (request, response, url) => {
    if (url.pathname !== '/function/webhook' || request.method !== 'POST') return false
    const body = await readBody(request)
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers[name] = value
    const result = await runSerially(body, headers, url.href)
    const calls = result.calls as FunctionCall[]
    const forwardedToSegment = forwarder !== undefined && calls.length > 0
    if (forwardedToSegment) forwarder.send(calls)
    log.record({
      kind: 'function-run',
      deliveryId: headers[deliveryIdHeader],
      requestId: readWebhookEventId(body),
      calls,
      error: result.error && { name: result.error.name, message: result.error.message },
      logs: result.logs,
      forwardedToSegment,
    })
    if (!result.error) sendJson(response, 200, { ok: true, calls: calls.length })
    else sendJson(response, rejectedErrors.has(result.error.name) ? 400 : 500, { error: result.error })
    return true
  }
}
