import { ValidationError } from './errors'
import type { FunctionSettings } from './function/segment-runtime'

/**
 * Every setting of the Source Function (declared in Segment's Settings tab) and of the
 * self-hosted receiver, read and checked once per request. A wrong value fails with a
 * `ValidationError` naming the setting. Defaults are in `defaultSettings` and the README.
 */
export interface ResolvedSettings {
  /**
   * `webhookSecret` (encrypted string): Fingerprint webhook secrets, comma-separated while rotating.
   * When set, every webhook must carry a valid `FPJS-Event-Signature`. @default [] (signatures not checked)
   */
  webhookSecrets: string[]
  /**
   * `identitySecret` (encrypted string): secrets shared with the site's backend (`signIdentity`),
   * comma-separated while rotating. When set, a userId is used only with a valid proof. @default [] (userIds trusted)
   */
  identitySecrets: string[]
  /** `maxEventAgeSeconds`: older events are rejected; 0 turns the check off. @default 1800 */
  maxEventAgeSeconds: number
  /** `replayedEvents`: what to do with events Fingerprint marks `replayed`. @default 'flag' */
  replayedEvents: 'flag' | 'drop'
  /** `riskRules` (JSON text): overrides of the default risk rules. @default undefined (default rules) */
  riskRules?: string
  /** `emitRiskAssessment`: also emit a `Device Risk Assessed` Track call. @default false */
  emitRiskAssessment: boolean
}

export const defaultSettings: Readonly<ResolvedSettings> = {
  webhookSecrets: [],
  identitySecrets: [],
  maxEventAgeSeconds: 1800,
  replayedEvents: 'flag',
  emitRiskAssessment: false,
}

/** Reads the raw settings object Segment (or the receiver's flags and environment) provides. */
export function readSettings(raw: FunctionSettings | undefined): ResolvedSettings {
  const settings = raw ?? {}
  const riskRules = readText(settings, 'riskRules')
  const resolved: ResolvedSettings = {
    webhookSecrets: readSecretList(settings, 'webhookSecret'),
    identitySecrets: readSecretList(settings, 'identitySecret'),
    maxEventAgeSeconds: readNonNegativeNumber(settings, 'maxEventAgeSeconds') ?? defaultSettings.maxEventAgeSeconds,
    replayedEvents: readChoice(settings, 'replayedEvents', ['flag', 'drop'] as const) ?? defaultSettings.replayedEvents,
    emitRiskAssessment: readFlag(settings, 'emitRiskAssessment') ?? defaultSettings.emitRiskAssessment,
  }
  if (riskRules !== undefined) resolved.riskRules = riskRules
  return resolved
}

function readText(settings: FunctionSettings, name: string): string | undefined {
  const value = settings[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw new ValidationError(`The setting ${name} must be a string, got ${typeof value}.`)
  return value.trim() === '' ? undefined : value
}

/**
 * Comma-separated secrets (an array setting is accepted too); blank items are ignored. A setting
 * left empty means no secret, but one that holds only commas and spaces is refused: it must not
 * silently turn the check it was meant to enable off.
 */
function readSecretList(settings: FunctionSettings, name: string): string[] {
  const value = settings[name]
  if (isUnset(value)) return []
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : undefined
  if (!items || items.some((item) => typeof item !== 'string')) {
    throw new ValidationError(`The setting ${name} must be a string (several secrets separated by commas).`)
  }
  const secrets = (items as string[]).map((item) => item.trim()).filter((item) => item !== '')
  if (secrets.length === 0 && items.length > 0) {
    throw new ValidationError(`The setting ${name} holds no secret, only separators; clear it to turn the check off.`)
  }
  return secrets
}

/** Not given: absent, null, or a blank string (how an optional setting left empty may arrive). */
function isUnset(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '')
}

function readNonNegativeNumber(settings: FunctionSettings, name: string): number | undefined {
  const value = settings[name]
  if (isUnset(value)) return undefined
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN
  if (!Number.isFinite(number) || number < 0) {
    throw new ValidationError(
      `The setting ${name} must be a number of seconds (0 or more), got ${JSON.stringify(value)}.`,
    )
  }
  return number
}

function readChoice<T extends string>(settings: FunctionSettings, name: string, choices: readonly T[]): T | undefined {
  const value = settings[name]
  if (isUnset(value)) return undefined
  const choice = typeof value === 'string' ? value.trim().toLowerCase() : value
  if (!choices.includes(choice as T)) {
    throw new ValidationError(
      `The setting ${name} must be one of ${choices.map((c) => `'${c}'`).join(', ')}, got ${JSON.stringify(value)}.`,
    )
  }
  return choice as T
}

function readFlag(settings: FunctionSettings, name: string): boolean | undefined {
  const value = settings[name]
  if (isUnset(value)) return undefined
  if (typeof value === 'boolean') return value
  const text = typeof value === 'string' ? value.trim().toLowerCase() : value
  if (text === 'true' || text === 'false') return text === 'true'
  throw new ValidationError(`The setting ${name} must be true or false, got ${JSON.stringify(value)}.`)
}
