/**
 * The kinds of value a setting can hold, and how each is read from what a host hands over: a
 * string from Segment's Settings tab, an environment variable or a command-line flag (Segment may
 * also pass booleans and arrays; typed hosts pass numbers, booleans and arrays). Each kind reads,
 * checks (with the shared field checks) and describes its values in one place.
 */
import {
  describeType,
  describeValue,
  expectBoolean,
  expectChoice,
  expectNumber,
  expectString,
  type FieldReport,
} from '../lib/value-checks'

/** A value a setting cannot take. `detail` completes a sentence naming the setting: "holds no secret ...". */
export class SettingValueError extends Error {
  override readonly name = 'SettingValueError'
  constructor(readonly detail: string) {
    super(detail)
  }
}

/** The setting types of Segment's Settings tab this package declares (Segment also has `ARRAY` and `TEXT_MAP`). */
export type SegmentSettingType = 'STRING' | 'BOOLEAN'

/** One kind of setting value. */
export interface SettingKind<Value> {
  /** How the settings tables show the type: the type to declare in Segment's Settings tab, and what it holds (`string: seconds`). */
  readonly typeText: string
  /** The type it is declared with in Segment's Settings tab (the Public API's `type`). */
  readonly segmentType: SegmentSettingType
  /**
   * Reads a value that is set (never called for an unset one, see `isUnsetSetting`).
   *
   * @param name how messages name the setting (`The setting maxEventAgeSeconds`, `--port`)
   * @throws the error `report.fail` makes, or SettingValueError, saying what is expected
   */
  read(raw: unknown, name: string, report: FieldReport): Value
  /** A value as the docs and `--help` write it. */
  show(value: Value): string
}

/** How settings report a wrong value: the value shown as it was written (settings are typed by people, not hostile). */
export function settingReport(fail: (message: string) => Error): FieldReport {
  return { fail: (detail) => fail(`${detail}.`), describe: describeValue }
}

/** Not given: absent, null, a blank string or an empty array (how an optional setting left empty in Segment may arrive). */
export function isUnsetSetting(raw: unknown): boolean {
  if (raw === undefined || raw === null) return true
  return (typeof raw === 'string' && raw.trim() === '') || (Array.isArray(raw) && raw.length === 0)
}

/**
 * Secrets, comma-separated while rotating (an array of strings is accepted too); blank items are
 * ignored. A value that holds only commas and spaces is refused: it must not silently turn off the
 * check it was meant to turn on.
 */
export const secretList: SettingKind<readonly string[]> = {
  typeText: 'string',
  segmentType: 'STRING',
  read(raw, name, report) {
    const items: readonly unknown[] = Array.isArray(raw) ? raw : [raw]
    if (!items.every((item): item is string => typeof item === 'string')) {
      // Never shown: a secret setting's value.
      throw report.fail(`${name} must be a string (several secrets separated by commas), got ${describeType(raw)}`)
    }
    const secrets = items
      .flatMap((item) => item.split(','))
      .map((part) => part.trim())
      .filter((part) => part !== '')
    if (secrets.length === 0)
      throw new SettingValueError('holds no secret, only separators; clear it to turn the check off')
    return secrets
  },
  show: (secrets) => (secrets.length === 0 ? 'none' : `${secrets.length} secret(s)`),
}

/**
 * Names, comma-separated (an array of strings is accepted too), each matching `pattern`; blank
 * items are ignored.
 */
export function nameList(pattern: RegExp, what: string): SettingKind<readonly string[]> {
  return {
    typeText: 'string: comma-separated',
    segmentType: 'STRING',
    read(raw, name, report) {
      const items: readonly unknown[] = Array.isArray(raw) ? raw : [raw]
      if (!items.every((item): item is string => typeof item === 'string')) {
        throw report.fail(`${name} must be a string (names separated by commas), got ${describeValue(raw)}`)
      }
      const names = items
        .flatMap((item) => item.split(','))
        .map((part) => part.trim())
        .filter((part) => part !== '')
      const wrong = names.find((item) => !pattern.test(item))
      if (wrong !== undefined) throw report.fail(`${name} must list ${what}, got ${describeValue(wrong)}`)
      return names
    },
    show: (names) => names.map((item) => `\`${item}\``).join(', '),
  }
}

/** A number of `unit` in `range` (a string is read as a number first). */
export function numberKind(unit: string, range: { min: number; max?: number; integer?: boolean }): SettingKind<number> {
  return {
    typeText: `string: ${unit}`,
    segmentType: 'STRING',
    read(raw, name, report) {
      const number = typeof raw === 'string' && raw.trim() !== '' ? Number(raw.trim()) : raw
      // A string that is not a number is shown as written.
      return expectNumber(typeof number === 'number' && Number.isNaN(number) ? raw : number, name, report, range)
    },
    show: (value) => `\`${value}\``,
  }
}

/** One of a few words; spaces and capitals around it are tolerated. */
export function choiceKind<Choice extends string>(choices: readonly Choice[]): SettingKind<Choice> {
  return {
    segmentType: 'STRING',
    typeText: `string: ${choices.map((choice) => `\`${choice}\``).join(' \\| ')}`,
    read(raw, name, report) {
      const word = typeof raw === 'string' ? raw.trim().toLowerCase() : raw
      return expectChoice(word, name, { ...report, describe: () => describeValue(raw) }, choices)
    },
    show: (choice) => `\`${choice}\``,
  }
}

/** `true` or `false` (a boolean, or the word, with spaces and capitals tolerated). */
export const booleanKind: SettingKind<boolean> = {
  typeText: 'boolean',
  segmentType: 'BOOLEAN',
  read(raw, name, report) {
    const word = typeof raw === 'string' ? raw.trim().toLowerCase() : raw
    const value = word === 'true' ? true : word === 'false' ? false : word
    return expectBoolean(value, name, { ...report, describe: () => describeValue(raw) })
  },
  show: (value) => `\`${String(value)}\``,
}

/** A string taken as it is (trimmed), optionally checked by `check` (which returns what is wrong, or nothing). */
export function textKind(typeText = 'string', check?: (text: string) => string | undefined): SettingKind<string> {
  return {
    typeText,
    segmentType: 'STRING',
    read(raw, name, report) {
      const text = expectString(raw, name, report).trim()
      const problem = check?.(text)
      if (problem !== undefined) throw report.fail(`${name} ${problem}, got ${describeValue(raw)}`)
      return text
    },
    show: (text) => `\`${text}\``,
  }
}

/**
 * JSON text read into a value by `parse`, which validates it and throws `SettingValueError` (or an
 * error of its own) for a value it refuses.
 */
export function jsonKind<Value>(parse: (json: unknown) => Value, show: (value: Value) => string): SettingKind<Value> {
  return {
    typeText: 'string: JSON',
    segmentType: 'STRING',
    read(raw, name, report) {
      const text = expectString(raw, name, { ...report, fail: () => report.fail(`${name} must be a string of JSON`) })
      let json: unknown
      try {
        json = JSON.parse(text)
      } catch (error) {
        throw new SettingValueError(`is not valid JSON: ${error instanceof Error ? error.message : String(error)}`)
      }
      return parse(json)
    },
    show,
  }
}
