/**
 * How many connections the process can hold: its open-file limit (`ulimit -n`, read from Linux's
 * `/proc/self/limits`) less what the receiver needs besides sockets (its store's files, the
 * PostgreSQL pool, the tracking API's connections, stdio). Past that, `accept()` fails with EMFILE
 * and Node drops whichever connection comes next: a real webhook as likely as an idle socket.
 */
import { readFileSync } from 'node:fs'

/** Descriptors kept for everything but the server's connections. */
export const reservedDescriptors = 64

/** The soft open-file limit in `limitsText` (`/proc/self/limits`), undefined when unlimited or unknown. */
export function readOpenFileLimit(limitsText: string): number | undefined {
  const soft = /^Max open files\s+(\S+)/m.exec(limitsText)?.[1]
  if (soft === undefined || soft === 'unlimited') return undefined
  const value = Number(soft)
  return Number.isInteger(value) && value > 0 ? value : undefined
}

/** This process's soft open-file limit, undefined where it cannot be read (not Linux). */
export function processOpenFileLimit(): number | undefined {
  try {
    return readOpenFileLimit(readFileSync('/proc/self/limits', 'utf8'))
  } catch {
    return undefined
  }
}

/** The connections the server may hold: `maxConnections`, within the descriptors the process has. */
export function connectionCapacity(maxConnections: number, openFileLimit: number | undefined): number {
  if (openFileLimit === undefined) return maxConnections
  return Math.max(1, Math.min(maxConnections, openFileLimit - reservedDescriptors))
}
