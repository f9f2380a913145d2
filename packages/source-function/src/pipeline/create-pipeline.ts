import { InvalidEventPayload, ValidationError } from '../errors'
import { fetchFingerprintEvent, serverApiTimeoutMs, type FetchLike } from '../fingerprint-api/server-api'
import { isPlainObject } from '../json'
import { resolveRiskRules } from '../risk/parse-risk-rules'
import type { RiskRules } from '../risk/risk-rules'
import { assertValidWebhookSignature, signatureHeaderName, type WebhookSigner } from '../security/webhook-signature'
import { assertValidWebhookToken } from '../security/webhook-token'
import { readSettings } from '../settings/read-settings'
import { schemaDefaults } from '../settings/setting-declaration'
import { toSegmentCalls, type SegmentCallsResult, type ToSegmentCallsOptions } from '../to-segment-calls'
import { printableEventId } from '../webhook/printable-event-id'
import { pipelineSettingsSchema, type PipelineSettings } from './pipeline-settings'
import { looksReserialized } from './reserialized-body'
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
   * @throws WebhookSignatureError (a ValidationError) for a missing or wrong signature
   * @throws InvalidEventPayload when the body is not a Fingerprint event
   * @throws ValidationError when the event breaks a rule (wrong token, unknown to the Server API,
   *   tag too big, too old, wrong payload shape)
   * @throws RetryError when the Server API cannot answer now
   * Anything else it throws is a bug; each host decides how to answer it.
   */
  process(request: WebhookRequest): Promise<PipelineResult>
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
        throw new ValidationError(
          'The webhookSecret setting is set, but this host gives no raw body, so the signature cannot be checked; the webhook is rejected.',
        )
      }
      try {
        assertValidWebhookSignature(
          request.rawBody,
          request.headers?.get(signatureHeaderName),
          resolved.webhookSecrets,
          signWebhook,
        )
      } catch (error) {
        if (looksReserialized(request.rawBody)) {
          throw new ValidationError(
            "The FPJS-Event-Signature cannot be checked here: this body was re-serialized with sorted keys (a deployed Segment Source Function never sees the bytes Fingerprint signed). Authenticate with the fingerprintServerApiKey setting (Fingerprint's Server API) or the webhookToken setting instead, and clear webhookSecret.",
          )
        }
        throw error
      }
      passed.push('signature')
    }
    return passed
  }

  async function process(request: WebhookRequest): Promise<PipelineResult> {
    const authenticatedBy = authenticateRequest(request)
    const body = request.rawBody === undefined ? request.parsedBody : parseBody(request.rawBody)
    const options = mappingOptions(now())
    // No Segment payload (the dashboard's "Send Test Event", an event of another site): answered
    // quietly, nothing to look up, nothing emitted.
    if (serverApi === undefined || !carriesSegmentPayload(body)) {
      return { ...toSegmentCalls(body, options), authenticatedBy }
    }
    const eventId = notifiedEventId(body)
    const event = await fetchFingerprintEvent(eventId, serverApi)
    if (!isPlainObject(event) || event.event_id !== eventId) {
      throw new ValidationError(
        `Fingerprint's Server API answered for event ${printableEventId(eventId)} with another event or none.`,
      )
    }
    return { ...toSegmentCalls(event, options), authenticatedBy: [...authenticatedBy, 'server-api'] }
  }

  // An async function: whatever fails reaches the caller as a rejected promise, never as a throw.
  return { settings: resolved, process }
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

/** True when a body's tag (v4 `tags`, v3 `tag`) holds an `integrations.segment` value. */
function carriesSegmentPayload(body: unknown): boolean {
  if (!isPlainObject(body)) return false
  const tag = Object.hasOwn(body, 'event_id') ? body.tags : body.tag
  if (!isPlainObject(tag) || !Object.hasOwn(tag, 'integrations')) return false
  const integrations = tag.integrations
  return isPlainObject(integrations) && Object.hasOwn(integrations, 'segment') && integrations.segment != null
}

/** The event a notification names: v4 `event_id`, v3 `requestId`. */
function notifiedEventId(body: unknown): string {
  const { event_id: eventId, requestId } = body as { event_id?: unknown; requestId?: unknown }
  const id = typeof eventId === 'string' ? eventId : requestId
  if (typeof id !== 'string' || id === '') {
    throw new InvalidEventPayload('The webhook body names no event: it has neither `event_id` nor `requestId`.')
  }
  return id
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
