/** How much the receiver logs: each level also writes the ones after it. */
export const logLevels = ['debug', 'info', 'warn', 'error'] as const
export type LogLevel = (typeof logLevels)[number]

/** One structured log entry of the receiver; written as one JSON line by the default logger. */
export interface ReceiverLogEntry {
  level: LogLevel
  /** What happened: `webhook` (one per webhook answered), `listening`, `shutdown`, ... */
  event: string
  /** Human-readable detail. */
  message?: string
  /** Fingerprint's request id (v3 `requestId`, v4 `event_id`) once the body was read. */
  requestId?: string
  /** The HTTP status the webhook was answered with. */
  status?: number
  /** Calls forwarded (and accepted, for a 2xx) for this webhook. */
  calls?: number
  /** Milliseconds from the request's arrival to its answer. */
  durationMs?: number
  [field: string]: unknown
}

/** Where the receiver writes its logs: a function taking one entry. */
export type ReceiverLogger = (entry: ReceiverLogEntry) => void

/** The default logger: one JSON object per line on `stream` (stdout unless told), with an ISO time. */
export function jsonLinesLogger(stream: { write(line: string): unknown } = process.stdout): ReceiverLogger {
  return (entry) => {
    stream.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`)
  }
}

/** `logger` for the entries at `level` or above only (`info`: everything but `debug`). */
export function atLevel(logger: ReceiverLogger, level: LogLevel): ReceiverLogger {
  const least = logLevels.indexOf(level)
  return (entry) => {
    if (logLevels.indexOf(entry.level) >= least) logger(entry)
  }
}

/** A logger that drops everything (for embedding where the host logs requests itself). */
export const silentLogger: ReceiverLogger = () => {}
