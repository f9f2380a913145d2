import { isPlainObject, ownMember, type JsonObject } from '../json'

// Bound once: in Segment's node:vm context every global lookup costs about 200 ns.
const isFiniteNumber = Number.isFinite

/**
 * Typed reads from an untrusted parsed webhook body: each returns the value when it has the
 * expected type and `undefined` otherwise, so a malformed optional field is simply absent. Own
 * members only: a key named like an `Object.prototype` member reads as absent.
 */
export function readString(source: unknown, key: string): string | undefined {
  const value = ownMember(source, key)
  return typeof value === 'string' && value !== '' ? value : undefined
}

export function readNumber(source: unknown, key: string): number | undefined {
  const value = ownMember(source, key)
  return typeof value === 'number' && isFiniteNumber(value) ? value : undefined
}

export function readBoolean(source: unknown, key: string): boolean | undefined {
  const value = ownMember(source, key)
  return typeof value === 'boolean' ? value : undefined
}

export function readObject(source: unknown, key: string): JsonObject | undefined {
  const value = ownMember(source, key)
  return isPlainObject(value) ? value : undefined
}

/** An epoch-milliseconds number or an ISO date string as ISO-8601, or `undefined`. */
export function toIsoDate(value: unknown): string | undefined {
  const time = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN
  if (!Number.isFinite(time)) return undefined
  const date = new Date(time)
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString()
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
