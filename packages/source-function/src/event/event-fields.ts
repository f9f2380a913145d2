import { segmentLimits } from '../segment/limits'
import type { JsonObject } from '../lib/json'
import { isSegmentTime, toIsoTime } from '../segment/segment-time'

// Bound once: in Segment's node:vm context every global lookup costs about 200 ns.
const isFiniteNumber = Number.isFinite
const parseDate = Date.parse
const isArray = Array.isArray
const notANumber = Number.NaN

/**
 * Typed reads of an untrusted parsed webhook body: each returns the value when it has the
 * expected type and `undefined` otherwise, so a malformed optional field is simply absent.
 *
 * The readers take the value itself (`asString(body.bot_type)`, `asBoolean(asObject(body.vpn)?.result)`):
 * each field is read where its name is written, the fastest read there is (a helper taking the
 * name would make every read a slow lookup by a name known only at run time, a few hundred
 * thousand times a second). A field name of Fingerprint's is never one of `Object.prototype`'s
 * members, whose values (functions, and the prototype behind `__proto__`, never read) the type
 * checks refuse anyway.
 */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value.length < maxTextLength ? value : undefined
}

/**
 * A text longer than this can be in no call (Segment takes at most `segmentLimits.eventBytes` per event, and
 * a character is at least a byte): it is read as absent, like any malformed field, rather than
 * copied into every call only to be shed from each.
 */
export const maxTextLength = segmentLimits.eventBytes

/** A finite number. */
export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && isFiniteNumber(value) ? value : undefined
}

export function asBoolean(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined
}

/**
 * An object that is not an array: what `JSON.parse` makes of `{...}`. No prototype is looked at
 * (`isPlainObject` does): the reads take only members of the expected types, whatever holds them.
 */
export function asObject(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !isArray(value) ? (value as JsonObject) : undefined
}

export function asArray(value: unknown): readonly unknown[] | undefined {
  return isArray(value) ? (value as unknown[]) : undefined
}

/** One of `choices` (compared exactly). */
export function asChoice<Choice extends string>(value: unknown, choices: readonly Choice[]): Choice | undefined {
  return typeof value === 'string' && (choices as readonly string[]).includes(value) ? (value as Choice) : undefined
}

/** The first element of an array when it is an object (e.g. the first subdivision of a geolocation). */
export function asFirstObject(value: unknown): JsonObject | undefined {
  return isArray(value) ? asObject((value as unknown[])[0]) : undefined
}

/** An epoch-milliseconds number or an ISO date string as ISO-8601, or `undefined` (also for a time Segment cannot take). */
export function toIsoDate(value: unknown): string | undefined {
  const time = typeof value === 'number' ? value : typeof value === 'string' ? parseDate(value) : notANumber
  return isSegmentTime(time) ? toIsoTime(time) : undefined
}

/** Epoch seconds at or above this are not seconds (year 5138) but milliseconds. */
const firstMillisecondsValue = 1e11

/**
 * A factory-reset time as ISO-8601, or `undefined` for 0 (Fingerprint's "never or unknown").
 * Fingerprint sends epoch seconds (v3 `factoryReset.timestamp`, v4 `factory_reset_timestamp`);
 * a value only milliseconds can mean is read as milliseconds rather than as a date 50,000 years away.
 */
export function factoryResetToIsoDate(value: number | undefined): string | undefined {
  if (value === undefined || value <= 0) return undefined
  return toIsoDate(value >= firstMillisecondsValue ? value : value * 1000)
}
