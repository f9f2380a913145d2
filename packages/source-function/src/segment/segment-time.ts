/**
 * The times Segment takes: ISO-8601 with a four-digit year, from 1970 on. A `Date` reaches 275,760
 * years either side of 1970, and writes the years past 9999 in ISO-8601's expanded form
 * (`+010000-01-01T00:00:00.000Z`), which Segment cannot take; neither can it take a time before 1970.
 */

/** The earliest time Segment takes, in epoch milliseconds: 1970-01-01T00:00:00.000Z. */
export const earliestSegmentTime = 0

/** The latest time Segment takes, in epoch milliseconds: 9999-12-31T23:59:59.999Z. */
export const latestSegmentTime = Date.UTC(9999, 11, 31, 23, 59, 59, 999)

// Bound once: in Segment's node:vm context every global lookup costs about 200 ns.
const floor = Math.floor

/** True for an epoch-milliseconds time Segment takes (see `latestSegmentTime`); false for NaN. */
export function isSegmentTime(time: number): boolean {
  return time >= earliestSegmentTime && time <= latestSegmentTime
}

const millisecondsPerDay = 86_400_000

/**
 * A time Segment takes (`isSegmentTime`) as ISO-8601, e.g. `2024-02-16T16:55:55.327Z`: what
 * `Date.prototype.toISOString` gives, computed with integer arithmetic, as a `Date` costs half a
 * microsecond in Segment's vm context and an event has several times to write. The calendar is
 * Howard Hinnant's `civil_from_days`.
 */
export function toIsoTime(time: number): string {
  const milliseconds = floor(time)
  const days = floor(milliseconds / millisecondsPerDay)
  const ofDay = milliseconds - days * millisecondsPerDay
  // Days since 0000-03-01, in 400-year eras of 146,097 days (from 1970 on, `era` is never negative).
  const shifted = days + 719_468
  const era = floor(shifted / 146_097)
  const dayOfEra = shifted - era * 146_097
  const yearOfEra = floor(
    (dayOfEra - floor(dayOfEra / 1460) + floor(dayOfEra / 36_524) - floor(dayOfEra / 146_096)) / 365,
  )
  const dayOfYear = dayOfEra - (365 * yearOfEra + floor(yearOfEra / 4) - floor(yearOfEra / 100))
  const shiftedMonth = floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - floor((153 * shiftedMonth + 2) / 5) + 1
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  const hours = floor(ofDay / 3_600_000)
  const minutes = floor(ofDay / 60_000) % 60
  const seconds = floor(ofDay / 1000) % 60
  const millis = ofDay % 1000
  return `${year}-${two(month)}-${two(day)}T${two(hours)}:${two(minutes)}:${two(seconds)}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`
}

function two(value: number): string {
  return value < 10 ? `0${value}` : `${value}`
}
