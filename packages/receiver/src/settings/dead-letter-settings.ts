import type { SettingsSchema } from '@fingerprint-segment/source-function/internal'
import { booleanKind, numberKind, textKind } from '@fingerprint-segment/source-function/internal'
import { readBackfillTime } from './backfill-time'

/**
 * What `fingerprint-segment dead-letters list|requeue|purge` reads besides the store: which dead
 * letters (every filter given must match) and how many to list. Declared once, in
 * `deadLetterSettingsSchema`.
 */
export interface DeadLetterSettings {
  /** Only these messageIds, comma-separated. @default '' (any) */
  messageIds: string
  /** Only the calls of this Fingerprint event (v4 `event_id`, v3 `requestId`). @default '' (any) */
  eventId: string
  /** Only this call type: `identify`, `track`, `page`, `screen`, `group`, `alias`. @default '' (any) */
  type: string
  /** Only those whose reason contains this text (`400`, `retention`). @default '' (any) */
  reason: string
  /** Only those dead-lettered at or after this time: ISO-8601, epoch milliseconds, or a duration ago (`6h`). @default '' (any) */
  failedSince: string
  /** Only those dead-lettered before this time, written like `failedSince`. @default '' (any) */
  failedUntil: string
  /** Most dead letters `list` prints, newest first. @default 100 */
  limit: number
  /** Lets `requeue` and `purge` take every dead letter when no filter is given. @default false */
  all: boolean
}

const timeKind = textKind('string: time', (text) =>
  readBackfillTime(text, Date.now()) === undefined
    ? 'must be an ISO-8601 time (2026-11-20T10:00:00Z), epoch milliseconds, or a duration ago (90m, 6h, 2d)'
    : undefined,
)
const callTypes = ['identify', 'track', 'page', 'screen', 'group', 'alias']

/** Every dead-letter option: its environment variable, flag, kind, default and summary. */
export const deadLetterSettingsSchema: SettingsSchema<DeadLetterSettings> = {
  messageIds: {
    env: 'FINGERPRINT_DEAD_LETTERS_MESSAGE_IDS',
    flag: 'message-ids',
    kind: textKind('string: comma-separated'),
    default: '',
    defaultText: 'any',
    summary: 'only these messageIds (comma-separated)',
  },
  eventId: {
    env: 'FINGERPRINT_DEAD_LETTERS_EVENT_ID',
    flag: 'event-id',
    kind: textKind('string'),
    default: '',
    defaultText: 'any',
    summary: 'only the calls of this Fingerprint event',
  },
  type: {
    env: 'FINGERPRINT_DEAD_LETTERS_TYPE',
    flag: 'type',
    kind: textKind('string: call type', (text) =>
      callTypes.includes(text) ? undefined : `must be one of ${callTypes.join(', ')}`,
    ),
    default: '',
    defaultText: 'any',
    summary: 'only this call type (`identify`, `track`, `page`, `screen`, `group`, `alias`)',
  },
  reason: {
    env: 'FINGERPRINT_DEAD_LETTERS_REASON',
    flag: 'reason',
    kind: textKind('string'),
    default: '',
    defaultText: 'any',
    summary: 'only those whose reason contains this text (`400`, `retention`)',
  },
  failedSince: {
    env: 'FINGERPRINT_DEAD_LETTERS_FAILED_SINCE',
    flag: 'failed-since',
    kind: timeKind,
    default: '',
    defaultText: 'any',
    summary: 'only those dead-lettered at or after this time: ISO-8601, epoch milliseconds, or a duration ago (`6h`)',
  },
  failedUntil: {
    env: 'FINGERPRINT_DEAD_LETTERS_FAILED_UNTIL',
    flag: 'failed-until',
    kind: timeKind,
    default: '',
    defaultText: 'any',
    summary: 'only those dead-lettered before this time, written like `--failed-since`',
  },
  limit: {
    env: 'FINGERPRINT_DEAD_LETTERS_LIMIT',
    flag: 'limit',
    kind: numberKind('dead letters', { min: 1, max: 100_000, integer: true }),
    default: 100,
    summary: '`list`: the most dead letters printed, newest first',
  },
  all: {
    env: 'FINGERPRINT_DEAD_LETTERS_ALL',
    flag: 'all',
    kind: booleanKind,
    default: false,
    summary: '`requeue` and `purge` without a filter take every dead letter only with this',
  },
}
