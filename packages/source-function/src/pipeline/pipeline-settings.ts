import { resolveRiskRules } from '../risk/parse-risk-rules'
import { defaultCustomIdentifiers } from '../security/claimed-identifiers'
import type { RiskRulesOverrides } from '../risk/risk-rules'
import type { SettingsSchema } from '../settings/setting-declaration'
import { fingerprintRegions, type FingerprintRegion } from '../fingerprint-api/server-api'
import {
  booleanKind,
  choiceKind,
  jsonKind,
  nameList,
  numberKind,
  secretList,
  SettingValueError,
  textKind,
} from '../settings/setting-kinds'

/**
 * The settings of the webhook pipeline, typed: what the Source Function reads from Segment's
 * Settings tab and the receiver from its flags, environment or `createWebhookHandler({ settings })`.
 * Every default is declared once, in `pipelineSettingsSchema`.
 */
export interface PipelineSettings {
  /**
   * A secret API key of the Fingerprint workspace. When set, the webhook body is only a
   * notification: the event is fetched by its id from Fingerprint's Server API and THAT event is
   * mapped, so nothing in a forged body reaches Segment. How a deployed Source Function
   * authenticates events (it never sees the raw body a signature covers).
   * @default '' (no lookup: a `webhookToken` or `webhookSecret` must authenticate webhooks)
   */
  fingerprintServerApiKey: string
  /** The region of the Fingerprint workspace, for the Server API: `us`, `eu` or `ap`. @default 'us' */
  fingerprintRegion: FingerprintRegion
  /**
   * Secret tokens (several while rotating): when set, the webhook URL configured in Fingerprint must
   * carry `token=<one of them>` in its query string. The cheap option where signatures and the
   * Server API are not available.
   * @default [] (no token required)
   */
  webhookTokens: readonly string[]
  /**
   * Fingerprint webhook secrets (several while rotating). When set, every webhook needs a valid
   * `FPJS-Event-Signature` over its raw body. For hosts that see the raw body (the receiver); a
   * deployed Source Function does not.
   * @default [] (signatures not checked)
   */
  webhookSecrets: readonly string[]
  /**
   * Secrets shared with the site's backend (`signIdentity`). When set, a userId is used only with a
   * valid proof; otherwise it is kept only as `context.fingerprint.claimedUserId`, and no call
   * carries the identifiers Segment merges profiles on (email, phone, external and device ids).
   * @default [] (userIds from the tag are trusted)
   */
  identitySecrets: readonly string[]
  /**
   * The custom identifiers of your Segment Unify space (Unify > Identity Resolution), beyond
   * Segment's defaults. Without a valid identity proof (with `identitySecrets`), these keys are
   * withheld from `properties`, `traits` and `context.traits` too, as Segment's own identifiers are.
   * @default ['email','phone'] (Segment's own identifiers are always withheld)
   * @example ['phone', 'loyalty_id']
   */
  customIdentifiers: readonly string[]
  /**
   * Turns off the refusal of unauthenticated webhooks: with no `fingerprintServerApiKey`,
   * `webhookToken` or `webhookSecret`, webhook bodies are mapped as they are (anyone who knows the
   * URL can send Segment calls), and every webhook that emits calls logs a warning.
   * @default false (a webhook that would emit calls is refused until an authentication setting is set)
   */
  acceptUnauthenticatedWebhooks: boolean
  /** Events older than this many seconds are rejected; `0` turns the age limit off (not the 5-minute future bound). @default 1800 */
  maxEventAgeSeconds: number
  /** Events Fingerprint marks `replayed`: `flag` them in `context.fingerprint`, or `drop` them. @default 'flag' */
  replayedEvents: 'flag' | 'drop'
  /** Overrides of the risk verdict rules, merged onto `defaultRiskRules`. @default {} (the default rules) */
  riskRules: RiskRulesOverrides
  /** Also emit a `Device Risk Assessed` Track call with the verdict. @default false */
  emitRiskAssessment: boolean
}

/** The settings that authenticate webhooks; with none of them set, webhooks that would emit calls are refused. */
export const authenticationSettings = ['fingerprintServerApiKey', 'webhookTokens', 'webhookSecrets'] as const
export type AuthenticationSetting = (typeof authenticationSettings)[number]

/** True when the settings ask for at least one authentication of webhooks. */
export function authenticatesWebhooks(settings: Pick<PipelineSettings, AuthenticationSetting>): boolean {
  return (
    settings.fingerprintServerApiKey !== '' || settings.webhookTokens.length > 0 || settings.webhookSecrets.length > 0
  )
}

/** Reads (and validates) the `riskRules` JSON into overrides; errors name the path inside it. */
function readRiskRulesOverrides(json: unknown): RiskRulesOverrides {
  resolveRiskRules(json, (detail) => new SettingValueError(`is invalid: ${detail}`))
  return json as RiskRulesOverrides
}

/** Every pipeline setting: its Segment name, environment variable, flag, kind, default and summary. */
export const pipelineSettingsSchema: SettingsSchema<PipelineSettings> = {
  fingerprintServerApiKey: {
    segment: { name: 'fingerprintServerApiKey', label: 'Fingerprint Server Api Key', encrypted: true },
    env: 'FINGERPRINT_SERVER_API_KEY',
    flag: 'server-api-key',
    kind: textKind(),
    default: '',
    defaultText: 'none: no lookup',
    summary:
      "a secret API key of your Fingerprint workspace; when set, each event is fetched from Fingerprint's Server API by its id and that event is mapped, never the webhook body (authentic events in a deployed Source Function)",
  },
  fingerprintRegion: {
    segment: { name: 'fingerprintRegion', label: 'Fingerprint Region' },
    env: 'FINGERPRINT_REGION',
    flag: 'region',
    kind: choiceKind(fingerprintRegions),
    default: 'us',
    summary: 'the region of your Fingerprint workspace, for the Server API',
  },
  webhookTokens: {
    segment: { name: 'webhookToken', label: 'Webhook Token', encrypted: true },
    env: 'FINGERPRINT_WEBHOOK_TOKEN',
    flag: 'webhook-token',
    kind: secretList,
    default: [],
    defaultText: 'none: no token required',
    summary:
      'secret token(s), comma-separated while rotating; when set, the webhook URL must carry `token=<token>` in its query string',
  },
  webhookSecrets: {
    segment: { name: 'webhookSecret', label: 'Webhook Secret', encrypted: true },
    env: 'FINGERPRINT_WEBHOOK_SECRET',
    flag: 'webhook-secret',
    kind: secretList,
    default: [],
    defaultText: 'none: signatures not checked',
    summary:
      'Fingerprint webhook secret(s), comma-separated while rotating; when set, every webhook needs a valid `FPJS-Event-Signature` over its raw body (the receiver; a deployed Source Function never sees the raw body)',
  },
  identitySecrets: {
    segment: { name: 'identitySecret', label: 'Identity Secret', encrypted: true },
    env: 'FINGERPRINT_IDENTITY_SECRET',
    flag: 'identity-secret',
    kind: secretList,
    default: [],
    defaultText: 'none: userIds from the tag are trusted',
    summary:
      "secret(s) shared with your backend's `signIdentity`; when set, a userId needs a valid proof, otherwise it is kept only as `context.fingerprint.claimedUserId` and no call carries the tag's identifiers (see Security)",
  },
  customIdentifiers: {
    segment: { name: 'customIdentifiers', label: 'Custom Identifiers' },
    env: 'FINGERPRINT_CUSTOM_IDENTIFIERS',
    flag: 'custom-identifiers',
    kind: nameList(/^[A-Za-z0-9_$.-]{1,64}$/, 'trait and property keys'),
    default: defaultCustomIdentifiers,
    summary:
      'the custom identifiers of your Segment Unify space (comma-separated keys); without a valid identity proof they are withheld from `properties`, `traits` and `context.traits` (see Security)',
  },
  acceptUnauthenticatedWebhooks: {
    segment: { name: 'acceptUnauthenticatedWebhooks', label: 'Accept Unauthenticated Webhooks' },
    env: 'FINGERPRINT_ACCEPT_UNAUTHENTICATED_WEBHOOKS',
    flag: 'accept-unauthenticated-webhooks',
    kind: booleanKind,
    default: false,
    defaultText: '`false`: refused while no authentication setting is set',
    summary:
      'maps webhook bodies without authentication when none of `fingerprintServerApiKey`, `webhookToken`, `webhookSecret` is set (anyone who knows the URL can send calls; a warning per webhook); off, such webhooks are refused',
  },
  maxEventAgeSeconds: {
    segment: { name: 'maxEventAgeSeconds', label: 'Max Event Age Seconds' },
    env: 'FINGERPRINT_MAX_EVENT_AGE_SECONDS',
    flag: 'max-event-age-seconds',
    kind: numberKind('seconds', { min: 0 }),
    default: 1800,
    summary:
      "older events are rejected (replay protection; survives Fingerprint's retry 5 minutes later and Segment's retries); `0` turns the age limit off, not the 5-minute future bound",
  },
  replayedEvents: {
    segment: { name: 'replayedEvents', label: 'Replayed Events' },
    env: 'FINGERPRINT_REPLAYED_EVENTS',
    flag: 'replayed-events',
    kind: choiceKind(['flag', 'drop']),
    default: 'flag',
    summary: 'events Fingerprint marks `replayed`: flagged in `context.fingerprint`, or dropped',
  },
  riskRules: {
    segment: { name: 'riskRules', label: 'Risk Rules' },
    env: 'FINGERPRINT_RISK_RULES',
    flag: 'risk-rules',
    kind: jsonKind(readRiskRulesOverrides, (overrides) => JSON.stringify(overrides)),
    default: {},
    defaultText: 'the default rules',
    summary: 'overrides of the risk verdict rules',
  },
  emitRiskAssessment: {
    segment: { name: 'emitRiskAssessment', label: 'Emit Risk Assessment' },
    env: 'FINGERPRINT_EMIT_RISK_ASSESSMENT',
    flag: 'emit-risk-assessment',
    kind: booleanKind,
    default: false,
    summary: 'also emit a `Device Risk Assessed` Track call with the verdict',
  },
}
