/**
 * One family of checks for values read from outside: settings, the `riskRules` setting, the
 * Segment payload in the tag and its specs. Each check returns the value typed when it passes and
 * otherwise throws the error its caller makes, so every caller keeps its own error class and
 * wording around one shared detail:
 *
 * ```ts
 * const report: FieldReport = { fail: (detail) => new ValidationError(`The setting riskRules is invalid: ${detail}.`) }
 * expectNumber(value, 'riskRules.thresholds.block', report, { min: 1, max: 100 })
 * // ValidationError: The setting riskRules is invalid: riskRules.thresholds.block must be between 1 and 100, got 150.
 * ```
 *
 * A check does not decide whether a value may be absent: the caller skips `undefined` (and
 * `null`, where it means absent) for optional fields. A required field that is `undefined` fails
 * with "<path> must be <what>; it is missing".
 */
import { isPlainObject, type JsonObject } from './json'

/** How the checks of one caller report a value that fails. */
export interface FieldReport {
  /**
   * Makes the error to throw from the detail of the failed check: a sentence without its final
   * period that starts with the path, e.g. `tags.integrations.segment.anonymousId must be a
   * non-empty string, got an object`.
   */
  fail: (detail: string) => Error
  /**
   * How the offending value is shown after "got". `describeType` never shows the value itself,
   * which suits untrusted data such as a tag (no customer data in logs); `describeValue` shows
   * short scalars, which suits settings someone typed.
   * @default describeType
   */
  describe?: (value: unknown) => string
}

/** Limits of `expectNumber`; each is inclusive and optional. */
export interface NumberRange {
  /** The smallest accepted value. @default no lower bound */
  min?: number
  /** The largest accepted value. @default no upper bound */
  max?: number
  /** Only whole numbers. @default false */
  integer?: boolean
}

/** Limits of `expectString`. */
export interface StringLimits {
  /** Refuse `''` and strings of spaces only. @default false */
  nonEmpty?: boolean
  /** The most characters (UTF-16 code units) accepted. @default no limit */
  maxLength?: number
}

// Bound once: in Segment's node:vm context every global lookup costs about 200 ns.
const isArray = Array.isArray
const isFiniteNumber = Number.isFinite
const isInteger = Number.isInteger
const objectKeys = Object.keys
const toJson = JSON.stringify

/** A short description of a value's type for messages, never the value itself: `an array`, `an empty string`, `a number`. */
export function describeType(value: unknown): string {
  if (value === null) return 'null'
  if (value === undefined) return 'nothing'
  if (isArray(value)) return 'an array'
  if (typeof value === 'string')
    return value === '' ? 'an empty string' : value.trim() === '' ? 'a blank string' : 'a string'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

/** Longest string `describeValue` quotes; a longer one is described by its type. */
const maxQuotedLength = 40

/** A scalar as it was written (`"deny"`, `150`, `true`, `null`); objects, arrays and long strings by their type. */
export function describeValue(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value)
  if (typeof value === 'string' && value.length <= maxQuotedLength) return toJson(value)
  return describeType(value)
}

/** Throws `report.fail` for a value that is not `what` ("must be <what>, got <value>"). */
function refuse(value: unknown, path: string, report: FieldReport, what: string): never {
  if (value === undefined) throw report.fail(`${path} must be ${what}; it is missing`)
  throw report.fail(`${path} must be ${what}, got ${(report.describe ?? describeType)(value)}`)
}

/** A plain JSON object (not an array, not null). */
export function expectObject(value: unknown, path: string, report: FieldReport): JsonObject {
  if (!isPlainObject(value)) refuse(value, path, report, 'an object')
  return value
}

/** A string, optionally non-blank and at most `limits.maxLength` characters long. */
export function expectString(value: unknown, path: string, report: FieldReport, limits: StringLimits = {}): string {
  const nonEmpty = limits.nonEmpty === true
  if (typeof value !== 'string' || (nonEmpty && value.trim() === ''))
    refuse(value, path, report, nonEmpty ? 'a non-empty string' : 'a string')
  const maxLength = limits.maxLength
  if (maxLength !== undefined && value.length > maxLength)
    throw report.fail(`${path} is ${value.length} characters long; at most ${maxLength} are accepted`)
  return value
}

/**
 * An identifier (a user, group or anonymous id): a non-empty string, or a finite number, which is
 * returned as a string (`42` -> `'42'`).
 */
export function expectIdentifier(value: unknown, path: string, report: FieldReport, limits: StringLimits = {}): string {
  const id = typeof value === 'number' && isFiniteNumber(value) ? String(value) : value
  if (typeof id !== 'string' || id.trim() === '') refuse(value, path, report, 'a non-empty string')
  return expectString(id, path, report, limits)
}

/** `true` or `false`. */
export function expectBoolean(value: unknown, path: string, report: FieldReport): boolean {
  if (typeof value !== 'boolean') refuse(value, path, report, 'true or false')
  return value
}

/** A finite number within `range`. */
export function expectNumber(value: unknown, path: string, report: FieldReport, range: NumberRange = {}): number {
  const { min, max } = range
  const integer = range.integer === true
  if (typeof value !== 'number' || !isFiniteNumber(value))
    refuse(value, path, report, integer ? 'a whole number' : 'a number')
  if (integer && !isInteger(value)) throw report.fail(`${path} must be a whole number, got ${value}`)
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
    const bounds =
      min === undefined ? `${max} or less` : max === undefined ? `${min} or more` : `between ${min} and ${max}`
    throw report.fail(`${path} must be ${bounds}, got ${value}`)
  }
  return value
}

/** One of the words in `choices` (compared exactly). */
export function expectChoice<Choice extends string>(
  value: unknown,
  path: string,
  report: FieldReport,
  choices: readonly Choice[],
): Choice {
  if (typeof value !== 'string' || !isOneOf(value, choices))
    refuse(value, path, report, `one of ${choices.map((choice) => `'${choice}'`).join(', ')}`)
  return value
}

function isOneOf<Choice extends string>(value: string, choices: readonly Choice[]): value is Choice {
  return (choices as readonly string[]).includes(value)
}

/**
 * Refuses the first key of `object` that is not in `known`: "<path>.<key> is not a known <what>
 * (known: a, b)".
 *
 * @param what the kind of key, for the message (`rule`, `field`); `key` when not given.
 */
export function rejectUnknownKeys(
  object: JsonObject,
  path: string,
  report: FieldReport,
  known: readonly string[],
  what = 'key',
): void {
  for (const key of objectKeys(object)) {
    if (!known.includes(key)) throw report.fail(`${path}.${key} is not a known ${what} (known: ${known.join(', ')})`)
  }
}
