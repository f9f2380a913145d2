import {
  InvalidEventPayload,
  ValidationError,
  WebhookAuthenticationError,
  WebhookSignatureError,
} from '../segment/errors'
import { readEnvelope, type WebhookEnvelope } from '../envelope/read-envelope'
import { fetchFingerprintEvent, serverApiTimeoutMs, type FetchLike } from '../fingerprint-api/server-api'
import { resolveRiskRules } from '../risk/parse-risk-rules'
import type { RiskRules } from '../risk/risk-rules'
import { assertValidWebhookSignature, signatureHeaderName, type WebhookSigner } from '../security/webhook-signature'
import { assertValidWebhookToken } from '../security/webhook-token'
import { readSettings } from '../settings/read-settings'
import { schemaDefaults } from '../settings/setting-declaration'
import {
  envelopeToSegmentCalls,
  type SegmentCallsResult,
  type ToSegmentCallsOptions,
} from '../mapping/to-segment-calls'
import { pipelineSettingsSchema, type AuthenticationSetting, type PipelineSettings } from './pipeline-settings'
import type { WebhookRequest } from './webhook-request'

/** What the host lends the pipeline. */
export interface PipelineHost {
  /** Computes `v1` webhook signatures; a host with native crypto passes a faster one. @default the pure-TypeScript HMAC */
  signWebhook?: WebhookSigner
  /** The clock, in epoch milliseconds. @default Date.now */
  now?: () => number
  /** How the pipeline reaches Fingerprint's Server API (with `fingerprintServerApiKey`). @default the global fetch */
  fetch?: FetchLike
  /** Longest wait for the Server API; a host with a shorter deadline passes less. @default 3000 */
  serverApiTimeoutMs?: number
}

/** How a webhook was shown to be authentic, in the order the checks ran. */
export type Authentication = 'token' | 'signature' | 'server-api'

/** What one webhook turned into, and how it was authenticated. */
export interface PipelineResult extends SegmentCallsResult {
  /** The checks that passed; empty when the settings ask for none. */
  authenticatedBy: Authentication[]
}

/** The pipeline, prepared once from its settings; `process` runs once per webhook. */
export interface WebhookPipeline {
  /** The settings it was prepared with, defaults applied. */
  readonly settings: Readonly<PipelineSettings>
  /**
   * Checks one webhook (token, signature, body, Server API, tag, age, identity) and maps it to
   * Segment calls, without emitting anything.
   *
   * Invariant: whenever the result holds a call, the configured authentication ran and succeeded
   * first. With `fingerprintServerApiKey`, the calls are those of the event the Server API holds
   * under the body's event id, never the body's; otherwise a token or a signature passed, or
   * `acceptUnauthenticatedWebhooks` says so. Only a body that yields no call is answered without a
   * lookup. The body is read once (`readEnvelope`), and that one reading decides what is looked up
   * and what is mapped.
   *
   * @throws WebhookAuthenticationError (a ValidationError) for a missing or wrong token or
   *   signature, or for a webhook that would emit calls when no authentication is configured
   * @throws InvalidEventPayload when the body is not a Fingerprint event
   * @throws ValidationError when the event breaks a rule (wrong token, unknown to the Server API,
   *   tag too big, too old, wrong payload shape)
   * @throws RetryError when the Server API cannot answer now
   * Anything else it throws is a bug; each host decides how to answer it.
   */
  process(request: WebhookRequest): Promise<PipelineResult>
  /**
   * Maps an event the host fetched from Fingerprint's Server API itself, with the workspace's key
   * (the receiver's backfill): that fetch authenticates it, so there is no token, signature or
   * second lookup. Never for a body that came from anywhere else.
   *
   * @throws as `process` does for the event itself
   */
  mapServerApiEvent(event: unknown): PipelineResult
}

/**
 * Prepares the host-neutral pipeline every host runs (the Segment Source Function, the receiver,
 * the demo): settings checked and risk rules resolved here, once, not per webhook.
 *
 * @throws TypeError naming the setting when one has the wrong type or value
 * @throws ValidationError naming the path inside `riskRules` when the rules are invalid
 */
export function createPipeline(settings: Partial<PipelineSettings> = {}, host: PipelineHost = {}): WebhookPipeline {
  const resolved: PipelineSettings = { ...schemaDefaults(pipelineSettingsSchema), ...checkedSettings(settings) }
  const riskRules: RiskRules = resolveRiskRules(resolved.riskRules)
  const now = host.now ?? Date.now
  const { signWebhook } = host
  const mappingOptions = (time: number): ToSegmentCallsOptions => ({
    now: time,
    identitySecrets: resolved.identitySecrets,
    customIdentifiers: resolved.customIdentifiers,
    maxEventAgeSeconds: resolved.maxEventAgeSeconds,
    replayedEvents: resolved.replayedEvents,
    riskRules,
    emitRiskAssessment: resolved.emitRiskAssessment,
  })
  const serverApi =
    resolved.fingerprintServerApiKey === ''
      ? undefined
      : {
          apiKey: resolved.fingerprintServerApiKey,
          region: resolved.fingerprintRegion,
          fetch: host.fetch ?? globalThis.fetch,
          timeoutMs: host.serverApiTimeoutMs ?? serverApiTimeoutMs,
        }

  /** Token and signature: the checks on the request itself, before the body is parsed. */
  function authenticateRequest(request: WebhookRequest): Authentication[] {
    const passed: Authentication[] = []
    if (resolved.webhookTokens.length > 0) {
      assertValidWebhookToken(request.url, resolved.webhookTokens)
      passed.push('token')
    }
    if (resolved.webhookSecrets.length > 0) {
      if (request.rawBody === undefined) {
        throw new WebhookSignatureError(
          'The webhookSecret setting is set, but this host gives no raw body, so the signature cannot be checked; the webhook is rejected.',
        )
      }
      assertValidWebhookSignature(
        request.rawBody,
        request.headers?.get(signatureHeaderName),
        resolved.webhookSecrets,
        signWebhook,
      )
      passed.push('signature')
    }
    return passed
  }

  async function process(request: WebhookRequest): Promise<PipelineResult> {
    const authenticatedBy = authenticateRequest(request)
    const body = request.rawBody === undefined ? request.parsedBody : parseBody(request.rawBody)
    const envelope = readEnvelope(body)
    const claimed = envelopeToSegmentCalls(envelope, mappingOptions(now()))
    // A body that yields no call (the dashboard's "Send Test Event", `skipIntegration`, another
    // site's event) is answered quietly: nothing to look up, nothing emitted.
    if (claimed.calls.length === 0) return { ...claimed, authenticatedBy }
    if (serverApi !== undefined) {
      const answer = await fetchFingerprintEvent(envelope.eventId, serverApi)
      const verified = readVerifiedEnvelope(answer, envelope.eventId)
      return {
        ...envelopeToSegmentCalls(verified, mappingOptions(now())),
        authenticatedBy: [...authenticatedBy, 'server-api'],
      }
    }
    if (authenticatedBy.length > 0 || resolved.acceptUnauthenticatedWebhooks) return { ...claimed, authenticatedBy }
    throw new WebhookAuthenticationError(unauthenticatedMessage)
  }

  function mapServerApiEvent(event: unknown): PipelineResult {
    return { ...envelopeToSegmentCalls(readEnvelope(event), mappingOptions(now())), authenticatedBy: ['server-api'] }
  }

  // `process` is an async function: whatever fails reaches the caller as a rejected promise, never as a throw.
  return { settings: resolved, process, mapServerApiEvent }
}

/** Why a webhook that would emit calls is refused when no authentication is configured. */
const unauthenticatedMessage = [
  'No authentication is configured, so this webhook, which would emit Segment calls, is refused: anyone who knows the URL could send it.',
  `Set ${describeSetting('fingerprintServerApiKey')} or ${describeSetting('webhookTokens')}`,
  `(a self-hosted receiver can also check signatures: ${pipelineSettingsSchema.webhookSecrets.env}).`,
  'To map unauthenticated webhooks anyway, set acceptUnauthenticatedWebhooks to true.',
].join(' ')

/** An authentication setting by its Segment Name, how to declare it, and the receiver's variable. */
function describeSetting(key: AuthenticationSetting): string {
  const { segment, env } = pipelineSettingsSchema[key]
  return segment === undefined
    ? env
    : `${segment.name} (declare it in the function's Settings tab with Label "${segment.label}", which makes the Name ${segment.name}, Encrypted; receiver: ${env})`
}

/**
 * The event Fingerprint's Server API answered with, read as every body is read; it must name the
 * event that was asked for.
 *
 * @throws ValidationError when it is not an event, or another one
 */
function readVerifiedEnvelope(answer: unknown, eventId: string): WebhookEnvelope {
  let verified: WebhookEnvelope
  try {
    verified = readEnvelope(answer)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new ValidationError(
      `Fingerprint's Server API answered for event ${eventId} with no readable event: ${reason}`,
    )
  }
  if (verified.eventId !== eventId) {
    throw new ValidationError(
      `Fingerprint's Server API answered for event ${eventId} with another event (${verified.eventId}).`,
    )
  }
  return verified
}

/** Parses a raw body, turning every parse failure into `InvalidEventPayload`. */
function parseBody(rawBody: string): unknown {
  if (rawBody.trim() === '')
    throw new InvalidEventPayload('The webhook body is empty; expected a Fingerprint event as JSON.')
  try {
    return JSON.parse(rawBody)
  } catch (error) {
    throw new InvalidEventPayload(
      `The webhook body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
}

/**
 * The given settings, each checked by its kind (kinds take typed values too: numbers, booleans,
 * arrays of strings). `riskRules` is an object here, checked when it is resolved.
 */
function checkedSettings(settings: Partial<PipelineSettings>): Partial<PipelineSettings> {
  for (const key of Object.keys(settings)) {
    if (!(key in pipelineSettingsSchema)) throw new TypeError(`createPipeline: unknown setting ${JSON.stringify(key)}.`)
  }
  const checked = readSettings(pipelineSettingsSchema, {
    lookup: (_declaration, key) => (key === 'riskRules' ? undefined : settings[key as keyof PipelineSettings]),
    describe: (_declaration, key) => `createPipeline: settings.${key}`,
    fail: (message) => new TypeError(message),
  })
  if (settings.riskRules !== undefined) checked.riskRules = settings.riskRules
  return checked
}
