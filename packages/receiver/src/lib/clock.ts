/**
 * The receiver's time. Two facts decide every rule that involves time:
 * - delays, deadlines, backoff and polling are measured on a monotonic clock, which a step of the
 *   system's wall clock (NTP correcting it, an operator's `date -s`, a VM resumed) never moves;
 * - the times written to the store (when a call was stored, delivered, dead-lettered) are epoch
 *   milliseconds: the wall clock read once when the process started, advanced by that monotonic
 *   clock. A step of the wall clock while the receiver runs changes neither its delays nor the ages
 *   it computes; the next start reads the wall clock again.
 */

/** Where the receiver reads the time. */
export interface Clock {
  /**
   * Epoch milliseconds on the receiver's steady clock: the wall clock at start plus the monotonic
   * time elapsed since. The difference of two readings is a monotonic duration.
   */
  readonly now: () => number
}

/** A callback scheduled by a `Scheduler`. */
export interface ScheduledTask {
  /** Stops it if it has not run yet. */
  cancel(): void
}

/** Where the receiver schedules its waits (backoff, polling, the retention's purge, deadlines). */
export interface Scheduler {
  /** Runs `callback` once after `delayMs` on the clock the scheduler belongs to. */
  schedule(delayMs: number, callback: () => void): ScheduledTask
}

/** The process's steady clock: `performance.timeOrigin` (the wall clock at start) plus `performance.now()`, whole milliseconds. */
export const steadyClock: Clock = {
  now: () => Math.floor(performance.timeOrigin + performance.now()),
}

/** Node's timers, which run on libuv's monotonic clock. */
export const timerScheduler: Scheduler = {
  schedule(delayMs, callback) {
    // Kept referenced: a stop in progress (its drain, its waits) must not let the process end under it.
    const timer = setTimeout(callback, Math.max(0, delayMs))
    return { cancel: () => clearTimeout(timer) }
  },
}

/** A clock and the scheduler that runs on it: what the deliverer, the handler and the stores take. */
export interface Timekeeping {
  readonly clock: Clock
  readonly scheduler: Scheduler
}

/** The real time of this process. */
export const systemTimekeeping: Timekeeping = { clock: steadyClock, scheduler: timerScheduler }

/** Resolves after `delayMs` on `scheduler`, or at once when `signal` aborts. */
export function sleep(scheduler: Scheduler, delayMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) {
      resolve()
      return
    }
    const done = (): void => {
      task.cancel()
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const task = scheduler.schedule(delayMs, done)
    signal?.addEventListener('abort', done, { once: true })
  })
}
