/**
 * The retention: how long the receiver keeps trying a call, and keeps the rows of settled ones.
 *
 * A call goes to the dead letters for retention only when it was just sent and not delivered AND
 * it was stored longer ago than the retention (by the stored times, on the receiver's steady clock).
 * So a call is never dead-lettered without being tried now: not by a wall clock stepped forward
 * (the steady clock does not follow it while the receiver runs; after a restart the call is tried
 * first, and is delivered if the tracking API takes it), and not while the receiver was down.
 * In an outage longer than the retention, calls go to the dead letters as the deliverer retries
 * them (the oldest first, a claim at a time).
 *
 * Delivered calls and dead letters are deleted once settled longer ago than the retention (`purge`).
 */
import type { Scheduler } from '../lib/clock'
import type { Clock } from '../lib/clock'
import { describeError } from '../lib/describe-error'
import { formatDuration } from '../lib/format-duration'
import type { ReceiverLogger } from '../lib/receiver-log'
import type { CallStore, StoredCall } from '../store/call-store'

/** The dead-letter reason of a call past the retention: `not delivered within the retention (7 days)`. */
export function expiryReason(retentionMs: number): string {
  return `not delivered within the retention (${formatDuration(retentionMs)})`
}

/**
 * The calls of a claim that go to the dead letters for retention: those `tried` (sent, not
 * delivered, not dead for another reason) and stored before `now - retentionMs`.
 */
export function pastRetention(
  calls: readonly StoredCall[],
  tried: ReadonlySet<number>,
  now: number,
  retentionMs: number,
): { seq: number; reason: string }[] {
  const cutoff = now - retentionMs
  return calls
    .filter((call) => tried.has(call.seq) && call.storedAt < cutoff)
    .map((call) => ({ seq: call.seq, reason: expiryReason(retentionMs) }))
}

export interface RetentionPurgeOptions {
  readonly store: CallStore
  readonly clock: Clock
  readonly scheduler: Scheduler
  readonly retentionMs: number
  /** How often settled rows are purged. */
  readonly intervalMs: number
  /** Most rows of each table deleted per run. */
  readonly maxRows: number
  readonly logger: ReceiverLogger
}

/** Purges settled rows now and every `intervalMs` until stopped. */
export function startRetentionPurge(options: RetentionPurgeOptions): { stop(): void } {
  let task: { cancel(): void } | undefined
  let stopped = false
  async function run(): Promise<void> {
    try {
      const purged = await options.store.purge(options.clock.now() - options.retentionMs, options.maxRows)
      if (purged > 0) {
        options.logger({
          level: 'debug',
          event: 'purged',
          message: `${purged} settled row(s) older than the retention deleted`,
        })
      }
    } catch (error) {
      options.logger({
        level: 'warn',
        event: 'purged',
        message: `settled rows could not be purged: ${describeError(error)}`,
      })
    }
    if (!stopped) task = options.scheduler.schedule(options.intervalMs, () => void run())
  }
  void run()
  return {
    stop() {
      stopped = true
      task?.cancel()
    },
  }
}
