/**
 * One webhook in, one answer out: read the raw body within `maxBodyBytes` and the webhook's
 * deadline, run the source-function pipeline (signature, freshness, mapping), commit the calls
 * (within the same deadline) and answer 200 only then; any failure is the answer `webhook-answer.ts`
 * gives for it.
 */
import type { IncomingMessage } from 'node:http'
import type { WebhookPipeline } from '@fingerprint-segment/source-function'
import { readWebhookEventId } from '@fingerprint-segment/source-function'
import type { HeaderLookup } from '@fingerprint-segment/source-function/internal'
import type { Timekeeping } from '../lib/clock'
import { callsToStore } from '../store/calls-to-store'
import { StoreUnavailableError } from '../store/store-errors'
import { readRawBody } from './read-raw-body'
import type { ReceiverLifecycle } from './receiver-lifecycle'
import { answerForError, answerForResult, type WebhookAnswer } from './webhook-answer'
import { withinDeadline } from './webhook-deadline'

export interface WebhookIntakeOptions {
  readonly pipeline: WebhookPipeline
  readonly lifecycle: ReceiverLifecycle
  readonly maxBodyBytes: number
  readonly answerTimeoutMs: number
  readonly time: Timekeeping
  /** Calls newly stored by a webhook. */
  readonly stored?: (calls: number) => void
}

/** Answers one webhook that arrived at `arrivedAt` (the receiver's clock). */
export type WebhookIntake = (request: IncomingMessage, arrivedAt: number) => Promise<WebhookAnswer>

export function createWebhookIntake(options: WebhookIntakeOptions): WebhookIntake {
  const { lifecycle, time, answerTimeoutMs } = options
  return async (request, arrivedAt) => {
    const deadline = arrivedAt + answerTimeoutMs
    let rawBody: string | undefined
    try {
      rawBody = await readRawBody(request, options.maxBodyBytes, deadline, time)
      const result = await options.pipeline.process({
        rawBody,
        headers: headerLookup(request),
        url: request.url ?? '/',
      })
      if (result.calls.length === 0) return answerForResult(result, undefined)
      await withinDeadline(lifecycle.ready, deadline, time, 'open', answerTimeoutMs)
      const store = lifecycle.store
      if (!store) throw new StoreUnavailableError('the store is not open')
      const stored = await withinDeadline(
        store.enqueue(callsToStore(result)),
        deadline,
        time,
        'commit',
        answerTimeoutMs,
      )
      if (stored.stored > 0) {
        lifecycle.deliverer?.notify()
        options.stored?.(stored.stored)
      }
      return answerForResult(result, stored)
    } catch (error) {
      return answerForError(error, rawBody === undefined ? undefined : readWebhookEventId(rawBody))
    }
  }
}

/** `request.headers` seen through the `Headers.get` shape the pipeline reads. */
function headerLookup(request: IncomingMessage): HeaderLookup {
  return {
    get(name) {
      const value = request.headers[name.toLowerCase()]
      if (value === undefined) return null
      return Array.isArray(value) ? value.join(', ') : value
    },
  }
}
