import { isSegmentError, ValidationError } from '../errors'
import { readSettings } from '../settings'
import type { SegmentCallsResult } from '../to-segment-calls'
import { toSegmentCalls } from '../to-segment-calls'
import { parseBody, readRawBody } from './read-request-body'
import type { FunctionLogger, FunctionRequest, FunctionSettings, SegmentEmitter } from './segment-runtime'

/** What the handler needs from its host: where calls go and where logs go. */
export interface FunctionHost {
  segment: SegmentEmitter
  logger: FunctionLogger
}

const logPrefix = '[fingerprint-segment]'

/**
 * Reads, checks and maps one Fingerprint webhook without emitting anything. Shared by every host
 * (the Segment Source Function, the self-hosted receiver, the demo), so all apply the same checks.
 * Throws only `ValidationError` / `InvalidEventPayload` (this package's classes).
 */
export async function processWebhook(request: FunctionRequest, settings: FunctionSettings): Promise<SegmentCallsResult> {
  try {
    readSettings(settings)
    const rawBody = await readRawBody(request)
    const body = await parseBody(request, rawBody)
    return toSegmentCalls(body)
  } catch (error) {
    if (isSegmentError(error)) throw error
    throw new ValidationError(`Could not map this webhook (unexpected ${describeError(error)}).`)
  }
}

/** `processWebhook`, then logs what was skipped or dropped and makes the calls on `host.segment`. */
export async function handleWebhook(request: FunctionRequest, settings: FunctionSettings, host: FunctionHost): Promise<SegmentCallsResult> {
  const result = await processWebhook(request, settings)
  logOutcome(result, host.logger)
  for (const call of result.calls) host.segment[call.type](call.payload)
  return result
}

/** One log line per notable outcome: nothing to emit, or a call dropped with its reason. */
export function logOutcome(result: SegmentCallsResult, logger: FunctionLogger): void {
  const id = result.event.requestId
  if (result.status === 'no-integration') {
    logger.info(`${logPrefix} ${id}: no integrations.segment in the tag; nothing to emit.`)
    return
  }
  if (result.status === 'skip-integration') {
    logger.info(`${logPrefix} ${id}: skipIntegration is true; nothing to emit.`)
    return
  }
  for (const skipped of result.skipped) logger.warn(`${logPrefix} ${id}: ${skipped.type} dropped: ${skipped.reason}`)
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}
