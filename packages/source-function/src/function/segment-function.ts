import { isSegmentError, RetryError, WebhookSignatureError } from '../segment/errors'
import { createPipeline, type WebhookPipeline } from '../pipeline/create-pipeline'
import { outcomeLogLines } from '../pipeline/outcome-log'
import { readFunctionRequest } from './read-function-request'
import { looksReserialized } from './reserialized-body'
import { readSegmentSettings, sameSettings, snapshotSettings } from './segment-settings'
import type { FunctionLogger, FunctionRequest, FunctionSettings, SegmentEmitter } from './segment-runtime'

/** What the Source Function needs from Segment's runtime. */
export interface SegmentFunctionHost {
  /** Where calls go: the runtime's `Segment` global. */
  segment: SegmentEmitter
  /** Where diagnostics go (Segment keeps the last 100 lines). */
  logger: FunctionLogger
  /** The clock, in epoch milliseconds. @default Date.now */
  now?: () => number
}

/** `onRequest(request, settings)`, as Segment calls it once per webhook. */
export type SegmentOnRequest = (request: FunctionRequest, settings: FunctionSettings | undefined) => Promise<void>

const logPrefix = '[fingerprint-segment]'

/**
 * The Source Function: reads the webhook (at most 512 KiB, Segment's limit), runs the pipeline,
 * logs what is worth logging and makes the calls on `Segment`.
 *
 * Segment hands the settings to every call; the pipeline is prepared again only when they change,
 * so settings and risk rules are read once, not per webhook.
 *
 * Errors are Segment's classes: `ValidationError` / `InvalidEventPayload` for a webhook that breaks
 * a rule ("Message Rejected", not retried), and `RetryError` for anything unexpected (a bug), so
 * Segment retries it rather than dropping the event.
 */
export function createSegmentFunction(host: SegmentFunctionHost): SegmentOnRequest {
  let prepared: { settings: FunctionSettings; pipeline: WebhookPipeline } | undefined
  const pipelineFor = (settings: FunctionSettings = {}): WebhookPipeline => {
    if (!prepared || !sameSettings(prepared.settings, settings)) {
      const pipelineHost = host.now === undefined ? {} : { now: host.now }
      prepared = {
        settings: snapshotSettings(settings),
        pipeline: createPipeline(readSegmentSettings(settings), pipelineHost),
      }
    }
    return prepared.pipeline
  }

  return async (request, settings) => {
    try {
      const pipeline = pipelineFor(settings)
      const needRawBody = pipeline.settings.webhookSecrets.length > 0
      const webhook = await readFunctionRequest(request, needRawBody)
      const result = await pipeline.process(webhook).catch((error: unknown) => {
        throw withReserializedBodyAdvice(error, webhook.rawBody)
      })
      for (const line of outcomeLogLines(result)) host.logger[line.level](`${logPrefix} ${line.message}`)
      for (const call of result.calls) host.segment[call.type](call.payload)
    } catch (error) {
      throw asSegmentError(error)
    }
  }
}

/** This package's error classes as they are; anything else (a bug) as a `RetryError` saying what it was. */
export function asSegmentError(error: unknown): Error {
  if (isSegmentError(error)) return error
  const cause = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return new RetryError(`Unexpected error while handling the webhook (${cause}); Segment will retry it.`)
}

/**
 * A signature that fails over a body Segment re-serialized (sorted keys, compact) says so: a
 * deployed Source Function never sees the bytes Fingerprint signed. Only here: a host of our own
 * sees the raw body, and there a failed signature is just that.
 */
function withReserializedBodyAdvice(error: unknown, rawBody: string | undefined): unknown {
  if (!(error instanceof WebhookSignatureError) || rawBody === undefined || !looksReserialized(rawBody)) return error
  return new WebhookSignatureError(
    "The FPJS-Event-Signature cannot be checked here: this body was re-serialized with sorted keys (a deployed Segment Source Function never sees the bytes Fingerprint signed). Authenticate with the fingerprintServerApiKey setting (Fingerprint's Server API) or the webhookToken setting instead, and clear webhookSecret.",
  )
}
