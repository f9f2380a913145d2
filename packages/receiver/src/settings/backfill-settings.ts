import type { SettingsSchema } from '@fingerprint-segment/source-function/internal'
import { textKind } from '@fingerprint-segment/source-function/internal'
import { readBackfillTime } from './backfill-time'

/**
 * What `fingerprint-segment backfill` reads besides the store and the pipeline settings: the time
 * range of the events to recover. Declared once, in `backfillSettingsSchema`.
 */
export interface BackfillSettings {
  /** The start of the range: an ISO-8601 time, epoch milliseconds, or a duration ago (`6h`, `2d`). Required. */
  since: string
  /** The end of the range, written like `since`. @default '' (now) */
  until: string
}

const timeKind = textKind('string: time', (text) =>
  readBackfillTime(text, Date.now()) === undefined
    ? 'must be an ISO-8601 time (2026-11-20T10:00:00Z), epoch milliseconds, or a duration ago (90m, 6h, 2d)'
    : undefined,
)

/** Every backfill option: its environment variable, flag, kind, default and summary. */
export const backfillSettingsSchema: SettingsSchema<BackfillSettings> = {
  since: {
    env: 'FINGERPRINT_BACKFILL_SINCE',
    flag: 'since',
    kind: timeKind,
    default: '',
    defaultText: 'required',
    summary: 'the start of the range: an ISO-8601 time, epoch milliseconds, or a duration ago (`6h`, `2d`)',
  },
  until: {
    env: 'FINGERPRINT_BACKFILL_UNTIL',
    flag: 'until',
    kind: timeKind,
    default: '',
    defaultText: 'now',
    summary: 'the end of the range, written like `--since`',
  },
}
