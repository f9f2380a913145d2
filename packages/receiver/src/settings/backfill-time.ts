/** The times `fingerprint-segment backfill --since/--until` takes. */

const relativeUnits: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000 }

/**
 * A time as the backfill options write it, in epoch milliseconds: an ISO-8601 date or time
 * (`2026-11-20`, `2026-11-20T10:00:00Z`), epoch milliseconds (`1763632800000`), or a duration
 * before `now` (`90m`, `6h`, `2d`). `undefined` for anything else.
 */
export function readBackfillTime(text: string, now: number): number | undefined {
  const value = text.trim()
  const relative = /^(\d+)([mhd])$/.exec(value)
  if (relative) return now - Number(relative[1]) * (relativeUnits[relative[2] ?? ''] ?? Number.NaN)
  if (/^\d{10,16}$/.test(value)) return Number(value)
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)) return undefined
  const time = Date.parse(value)
  return Number.isNaN(time) ? undefined : time
}
