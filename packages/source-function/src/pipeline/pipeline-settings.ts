import { ValidationError } from '../errors'
import { resolveRiskRules, type RiskRulesOverrides } from '../risk/risk-rules'
import type { SettingsSchema } from '../settings/setting-declaration'
import { booleanKind, choiceKind, jsonKind, numberKind, secretList, SettingValueError } from '../settings/setting-kinds'

/**
 * The settings of the webhook pipeline, typed: what the Source Function reads from Segment's
 * Settings tab and the receiver from its flags, environment or `createWebhookHandler({ settings })`.
 * Every default is declared once, in `pipelineSettingsSchema`.
 */
export interface PipelineSettings {
  /**
   * Fingerprint webhook secrets (several while rotating). When set, every webhook needs a valid
   * `FPJS-Event-Signature` over its raw body.
   * @default [] (signatures not checked)
   */
  webhookSecrets: readonly string[]
  /**
   * Secrets shared with the site's backend (`signIdentity`). When set, a userId is used only with a
   * valid proof; otherwise it is kept only as `context.fingerprint.claimedUserId`.
   * @default [] (userIds from the tag are trusted)
   */
  identitySecrets: readonly string[]
  /** Events older than this many seconds are rejected; `0` turns the check off. @default 1800 */
  maxEventAgeSeconds: number
  /** Events Fingerprint marks `replayed`: `flag` them in `context.fingerprint`, or `drop` them. @default 'flag' */
  replayedEvents: 'flag' | 'drop'
  /** Overrides of the risk verdict rules, merged onto `defaultRiskRules`. @default {} (the default rules) */
  riskRules: RiskRulesOverrides
  /** Also emit a `Device Risk Assessed` Track call with the verdict. @default false */
  emitRiskAssessment: boolean
}

/** Reads (and validates) the `riskRules` JSON into overrides; errors name the path inside it. */
function readRiskRulesOverrides(json: unknown): RiskRulesOverrides {
  try {
    resolveRiskRules(json)
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error
    throw new SettingValueError(error.message.replace(/^The setting riskRules /, '').replace(/\.$/, ''))
  }
  return json as RiskRulesOverrides
}

/** Every pipeline setting: its Segment name, environment variable, flag, kind, default and summary. */
export const pipelineSettingsSchema: SettingsSchema<PipelineSettings> = {
  webhookSecrets: {
    setting: 'webhookSecret',
    env: 'FINGERPRINT_WEBHOOK_SECRET',
    flag: 'webhook-secret',
    kind: secretList,
    default: [],
    defaultText: 'none: signatures not checked',
    summary:
      'Fingerprint webhook secret(s), comma-separated while rotating; when set, every webhook needs a valid `FPJS-Event-Signature`',
  },
  identitySecrets: {
    setting: 'identitySecret',
    env: 'FINGERPRINT_IDENTITY_SECRET',
    flag: 'identity-secret',
    kind: secretList,
    default: [],
    defaultText: 'none: userIds from the tag are trusted',
    summary:
      "secret(s) shared with your backend's `signIdentity`; when set, a userId needs a valid proof, otherwise it is kept only as `context.fingerprint.claimedUserId`",
  },
  maxEventAgeSeconds: {
    setting: 'maxEventAgeSeconds',
    env: 'FINGERPRINT_MAX_EVENT_AGE_SECONDS',
    flag: 'max-event-age-seconds',
    kind: numberKind({ unit: 'seconds', min: 0 }),
    default: 1800,
    summary:
      "older events are rejected (replay protection; survives Fingerprint's retry 5 minutes later and Segment's retries); `0` turns it off",
  },
  replayedEvents: {
    setting: 'replayedEvents',
    env: 'FINGERPRINT_REPLAYED_EVENTS',
    flag: 'replayed-events',
    kind: choiceKind(['flag', 'drop']),
    default: 'flag',
    summary: 'events Fingerprint marks `replayed`: flagged in `context.fingerprint`, or dropped',
  },
  riskRules: {
    setting: 'riskRules',
    env: 'FINGERPRINT_RISK_RULES',
    flag: 'risk-rules',
    kind: jsonKind(readRiskRulesOverrides, (overrides) => JSON.stringify(overrides)),
    default: {},
    defaultText: 'the default rules',
    summary: 'overrides of the risk verdict rules',
  },
  emitRiskAssessment: {
    setting: 'emitRiskAssessment',
    env: 'FINGERPRINT_EMIT_RISK_ASSESSMENT',
    flag: 'emit-risk-assessment',
    kind: booleanKind,
    default: false,
    summary: 'also emit a `Device Risk Assessed` Track call with the verdict',
  },
}
