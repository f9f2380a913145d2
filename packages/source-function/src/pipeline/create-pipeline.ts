import { InvalidEventPayload, ValidationError } from '../errors'
import { resolveRiskRules, type RiskRules } from '../risk/risk-rules'
import { assertValidWebhookSignature, signatureHeaderName, type WebhookSigner } from '../security/webhook-signature'
import { schemaDefaults } from '../settings/setting-declaration'
import { readSettings } from '../settings/read-settings'
import { toSegmentCalls, type SegmentCallsResult, type ToSegmentCallsOptions } from '../to-segment-calls'
import { pipelineSettingsSchema, type PipelineSettings } from './pipeline-settings'
import type { WebhookRequest } from './webhook-request'

/** What the host lends the pipeline. */
export interface PipelineHost {
  /** Computes `v1` webhook signatures; a host with native crypto passes a faster one. @default the pure-TypeScript HMAC */
  signWebhook?: WebhookSigner
  /** The clock, in epoch milliseconds. @default Date.now */
  now?: () => number
}

/** The pipeline, prepared once from its settings; `process` runs once per webhook. */
export interface WebhookPipeline {
  /** The settings it was prepared with, defaults applied. */
  readonly settings: Readonly<PipelineSettings>
  /**
   * Checks one webhook (signature, body, tag, age, identity) and maps it to Segment calls, without
   * emitting anything.
   *
   * @throws WebhookSignatureError (a ValidationError) for a missing or wrong signature
   * @throws InvalidEventPayload when the body is not a Fingerprint event
   * @throws ValidationError when the event breaks a rule (tag too big, too old, wrong payload shape)
   * Anything else it throws is a bug; each host decides how to answer it.
   */
  process(request: WebhookRequest): Promise<SegmentCallsResult>
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

  return {
    settings: resolved,
    process(request) {
      // Synchronous inside: a rejected promise, never a throw, reaches the caller.
      return new Promise((resolve) => {
        if (resolved.webhookSecrets.length > 0) {
          if (request.rawBody === undefined) {
            throw new ValidationError(
              'The webhookSecret setting is set, but this host gives no raw body, so the signature cannot be checked; the webhook is rejected.',
            )
          }
          const header = request.headers?.get(signatureHeaderName)
          assertValidWebhookSignature(request.rawBody, header, resolved.webhookSecrets, signWebhook)
        }
        const body = request.rawBody === undefined ? request.parsedBody : parseBody(request.rawBody)
        resolve(toSegmentCalls(body, mappingOptions(now())))
      })
    },
  }
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
