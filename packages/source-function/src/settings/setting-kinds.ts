/**
 * The kinds of value a setting can hold, and how each is read from what a host hands over: a
 * string from Segment's Settings tab, an environment variable or a command-line flag (Segment may
 * also pass booleans and arrays). Each kind reads, checks and describes its values in one place.
 */

/** A value a setting cannot take. `detail` completes a sentence naming the setting: "must be ..., got ...". */
export class SettingValueError extends Error {
  override readonly name = 'SettingValueError'
  constructor(readonly detail: string) {
    super(detail)
  }
}

/** One kind of setting value. */
export interface SettingKind<Value> {
  /** How the settings tables show the type: the type to declare in Segment's Settings tab, and what it holds (`string: seconds`). */
  readonly typeText: string
  /**
   * Reads a value that is set (never called for an unset one, see `isUnsetSetting`).
   * @throws SettingValueError saying what is expected
   */
  read(raw: unknown): Value
  /** A value as the docs and `--help` write it. */
  show(value: Value): string
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
  typeText: 'string, encrypted',
  read(raw) {
    const items: unknown[] | undefined = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : undefined
    const texts = items?.filter((item): item is string => typeof item === 'string')
    if (!items || !texts || texts.length !== items.length) {
      throw new SettingValueError('must be a string (several secrets separated by commas)')
    }
    const secrets = texts.map((item) => item.trim()).filter((item) => item !== '')
    if (secrets.length === 0) {
      throw new SettingValueError('holds no secret, only separators; clear it to turn the check off')
    }
    return secrets
  },
  show: (secrets) => (secrets.length === 0 ? 'none' : `${secrets.length} secret(s)`),
}

/** A number of `unit`, at least `min` and at most `max`, whole when `integer`. */
export function numberKind({
  unit,
  min,
  max = Number.MAX_SAFE_INTEGER,
  integer = false,
}: {
  unit: string
  min: number
  max?: number
  integer?: boolean
}): SettingKind<number> {
  const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `${min} to ${max}`
  const expected = `must be ${integer ? 'a whole number' : 'a number'} of ${unit} (${range})`
  return {
    typeText: `string: ${unit}`,
    read(raw) {
      const value = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim()) : Number.NaN
      if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
        throw new SettingValueError(`${expected}, got ${JSON.stringify(raw)}`)
      }
      return value
    },
    show: (value) => `\`${value}\``,
  }
}

/** One of a few words; spaces and capitals around it are tolerated. */
export function choiceKind<Choice extends string>(choices: readonly Choice[]): SettingKind<Choice> {
  const isChoice = (value: unknown): value is Choice => choices.some((choice) => choice === value)
  return {
    typeText: `string: ${choices.map((choice) => `\`${choice}\``).join(' \\| ')}`,
    read(raw) {
      const word = typeof raw === 'string' ? raw.trim().toLowerCase() : raw
      if (!isChoice(word)) {
        throw new SettingValueError(
          `must be one of ${choices.map((choice) => `'${choice}'`).join(', ')}, got ${JSON.stringify(raw)}`,
        )
      }
      return word
    },
    show: (choice) => `\`${choice}\``,
  }
}

/** `true` or `false` (a boolean, or the word, with spaces and capitals tolerated). */
export const booleanKind: SettingKind<boolean> = {
  typeText: 'boolean',
  read(raw) {
    if (typeof raw === 'boolean') return raw
    const word = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined
    if (word === 'true' || word === 'false') return word === 'true'
    throw new SettingValueError(`must be true or false, got ${JSON.stringify(raw)}`)
  },
  show: (value) => `\`${String(value)}\``,
}

/** A string taken as it is (trimmed). */
export function textKind(typeText = 'string', check?: (text: string) => string | undefined): SettingKind<string> {
  return {
    typeText,
    read(raw) {
      if (typeof raw !== 'string') throw new SettingValueError(`must be a string, got ${describeRaw(raw)}`)
      const text = raw.trim()
      const problem = check?.(text)
      if (problem !== undefined) throw new SettingValueError(`${problem}, got ${JSON.stringify(raw)}`)
      return text
    },
    show: (text) => `\`${text}\``,
  }
}

/**
 * JSON text read into a value by `parse`, which validates it. `parse` throws `SettingValueError`
 * for a value it refuses.
 */
export function jsonKind<Value>(parse: (json: unknown) => Value, show: (value: Value) => string): SettingKind<Value> {
  return {
    typeText: 'string: JSON',
    read(raw) {
      if (typeof raw !== 'string') throw new SettingValueError(`must be a string of JSON, got ${describeRaw(raw)}`)
      let json: unknown
      try {
        json = JSON.parse(raw)
      } catch (error) {
        throw new SettingValueError(`is not valid JSON: ${error instanceof Error ? error.message : String(error)}`)
      }
      return parse(json)
    },
    show,
  }
}

function describeRaw(raw: unknown): string {
  if (raw === null) return 'null'
  return Array.isArray(raw) ? 'an array' : `a ${typeof raw}`
}
