import { isSegmentError, ValidationError } from '../errors'
import { riskRulesFromSetting } from '../risk/risk-rules-setting'
import { assertValidWebhookSignature, signatureHeaderName, type WebhookSigner } from '../security/webhook-signature'
import { readSettings, type ResolvedSettings } from '../settings'
import type { SegmentCallsResult, ToSegmentCallsOptions } from '../to-segment-calls'
import { toSegmentCalls } from '../to-segment-calls'
import { printableEventId } from '../webhook/printable-event-id'
import { parseBody, readRawBody } from './read-request-body'
import type { FunctionLogger, FunctionRequest, FunctionSettings, SegmentEmitter } from './segment-runtime'

/** What the handler needs from its host: where calls go and where logs go. */
export interface FunctionHost {
  segment: SegmentEmitter
  logger: FunctionLogger
}

const logPrefix = '[fingerprint-segment]'

/** Options of `processWebhook` for hosts and tests. */
export interface ProcessWebhookOptions {
  /** The current time in epoch milliseconds, for the freshness and identity-proof checks. @default Date.now() */
  now?: number
  /** Computes webhook signatures, e.g. with `node:crypto` in Node. @default signWebhookBody (pure TypeScript) */
  signWebhook?: WebhookSigner
}

/**
 * Reads, checks and maps one Fingerprint webhook without emitting anything. Shared by every host
 * (the Segment Source Function, the self-hosted receiver, the demo), so all apply the same checks:
 * the settings, the body size, the webhook signature (with `webhookSecret`, over the RAW body and
 * before anything is parsed), the tag size, the event's age, replays and verified identities.
 * Throws only `ValidationError` / `InvalidEventPayload` (this package's classes).
 */
export async function processWebhook(
  request: FunctionRequest,
  settings: FunctionSettings,
  options: ProcessWebhookOptions = {},
): Promise<SegmentCallsResult> {
  try {
    const resolved = readSettings(settings)
    const rawBody = await readRawBody(request)
    if (resolved.webhookSecrets.length > 0) {
      if (rawBody === undefined) {
        throw new ValidationError(
          'The webhookSecret setting is set, but this runtime gives no raw body (request.text()), so the signature cannot be checked; the webhook is rejected.',
        )
      }
      assertValidWebhookSignature(
        rawBody,
        readHeader(request, signatureHeaderName),
        resolved.webhookSecrets,
        options.signWebhook,
      )
    }
    const body = await parseBody(request, rawBody)
    return toSegmentCalls(body, mappingOptions(resolved, options.now ?? Date.now()))
  } catch (error) {
    if (isSegmentError(error)) throw error
    throw new ValidationError(`Could not map this webhook (unexpected ${describeError(error)}).`)
  }
}

/** The `toSegmentCalls` options the settings ask for. */
export function mappingOptions(settings: ResolvedSettings, now: number): ToSegmentCallsOptions {
  return {
    now,
    identitySecrets: settings.identitySecrets,
    maxEventAgeSeconds: settings.maxEventAgeSeconds,
    replayedEvents: settings.replayedEvents,
    riskRules: riskRulesFromSetting(settings.riskRules),
    emitRiskAssessment: settings.emitRiskAssessment,
  }
}

function readHeader(request: FunctionRequest, name: string): string | null {
  const value: unknown = request.headers?.get(name)
  return typeof value === 'string' ? value : null
}

/** `processWebhook`, then logs what was skipped or dropped and makes the calls on `host.segment`. */
export async function handleWebhook(
  request: FunctionRequest,
  settings: FunctionSettings,
  host: FunctionHost,
): Promise<SegmentCallsResult> {
  const result = await processWebhook(request, settings)
  logOutcome(result, host.logger)
  for (const call of result.calls) host.segment[call.type](call.payload)
  return result
}

/** One log line per notable outcome: nothing to emit, or a call dropped with its reason. */
export function logOutcome(result: SegmentCallsResult, logger: FunctionLogger): void {
  const id = printableEventId(result.event.requestId)
  if (result.status === 'no-integration') {
    logger.info(`${logPrefix} ${id}: no integrations.segment in the tag; nothing to emit.`)
    return
  }
  if (result.status === 'skip-integration') {
    logger.info(`${logPrefix} ${id}: skipIntegration is true; nothing to emit.`)
    return
  }
  if (result.status === 'replay-dropped') {
    logger.warn(
      `${logPrefix} ${id}: Fingerprint marks this event replayed and replayedEvents is drop; nothing emitted.`,
    )
    return
  }
  const identity = result.identity?.fingerprintContext
  if (identity && !identity.identityVerified) {
    logger.warn(
      `${logPrefix} ${id}: identify.userId not used (identity proof ${identity.identityProofError ?? 'invalid'}); calls sent without userId.`,
    )
  }
  for (const skipped of result.skipped) logger.warn(`${logPrefix} ${id}: ${skipped.type} dropped: ${skipped.reason}`)
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}
