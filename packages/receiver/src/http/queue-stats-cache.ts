/**
 * The queue's statistics read at most once per `maxAgeMs` however often `/health`, `/health/ready`
 * and `/metrics` are asked (each read is a query or a message to the store's worker), and never
 * waited for longer than `timeoutMs`.
 */
import type { Clock, Scheduler } from '../lib/clock'
import type { QueueStats } from '../store/call-store'
import { withinDeadline } from './webhook-deadline'

export interface QueueStatsCache {
  /** The statistics, or why they could not be read. */
  read(): Promise<QueueStats | Error>
}

export interface QueueStatsCacheOptions {
  readonly read: () => Promise<QueueStats>
  readonly clock: Clock
  readonly scheduler: Scheduler
  /** How long a read is reused. */
  readonly maxAgeMs: number
  /** Longest wait for one read. */
  readonly timeoutMs: number
}

export function createQueueStatsCache(options: QueueStatsCacheOptions): QueueStatsCache {
  let last: { at: number; value: Promise<QueueStats | Error> } | undefined
  return {
    read() {
      const now = options.clock.now()
      if (last && now - last.at < options.maxAgeMs) return last.value
      const value = withinDeadline(options.read(), now + options.timeoutMs, options, 'answer', options.timeoutMs).then(
        (stats) => stats,
        (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
      )
      last = { at: now, value }
      return value
    },
  }
}
