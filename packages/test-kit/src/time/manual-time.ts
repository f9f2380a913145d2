/**
 * Time that moves only when a test says so: a clock and a scheduler (the shapes the receiver takes:
 * `now()`, `schedule(delayMs, callback)`), for backoff, retention and deadlines tested with fake
 * timers instead of real waits. `advance` runs every task that falls due, in order, and lets the
 * promises they start settle before the next one.
 */

export interface ManualTime {
  /** The clock: epoch milliseconds, starting at `start`. */
  readonly clock: { now(): number }
  readonly scheduler: {
    schedule(delayMs: number, callback: () => void): { cancel(): void }
  }
  /** The current time (what `clock.now()` returns). */
  readonly now: number
  /** Tasks scheduled and not run or cancelled yet. */
  readonly pending: number
  /** The due time of the next task, if any. */
  readonly nextDue: number | undefined
  /** Moves time forward by `ms`, running each task that falls due (its promises settled) on the way. */
  advance(ms: number): Promise<void>
  /**
   * Moves time forward in steps to each next task until `condition()` holds, at most `maxMs` in all.
   * Resolves with the time it took; rejects, saying what was awaited, when it does not hold by then.
   */
  advanceUntil(condition: () => boolean | Promise<boolean>, maxMs: number, what?: string): Promise<number>
  /** Lets pending promises and I/O callbacks run without moving time. */
  settle(): Promise<void>
}

interface Task {
  readonly due: number
  readonly order: number
  readonly callback: () => void
  cancelled: boolean
}

/** Rounds of I/O callbacks a `settle` gives promises (an in-memory store answers within one). */
const settleRounds = 5

/** A manual clock and scheduler starting at `start` (epoch ms). */
export function createManualTime(start = Date.UTC(2026, 10, 20, 8, 0, 0)): ManualTime {
  let now = start
  let order = 0
  const tasks: Task[] = []

  const live = (): Task[] => tasks.filter((task) => !task.cancelled)
  const next = (): Task | undefined => live().sort((a, b) => a.due - b.due || a.order - b.order)[0]

  async function settle(): Promise<void> {
    for (let round = 0; round < settleRounds; round++) await new Promise<void>((resolve) => setImmediate(resolve))
  }

  async function advance(ms: number): Promise<void> {
    const target = now + Math.max(0, ms)
    await settle()
    for (let task = next(); task !== undefined && task.due <= target; task = next()) {
      now = Math.max(now, task.due)
      task.cancelled = true
      tasks.splice(tasks.indexOf(task), 1)
      task.callback()
      await settle()
    }
    now = target
    await settle()
  }

  return {
    clock: { now: () => now },
    scheduler: {
      schedule(delayMs, callback) {
        const task: Task = { due: now + Math.max(0, delayMs), order: order++, callback, cancelled: false }
        tasks.push(task)
        return {
          cancel() {
            task.cancelled = true
            const index = tasks.indexOf(task)
            if (index >= 0) tasks.splice(index, 1)
          },
        }
      },
    },
    get now() {
      return now
    },
    get pending() {
      return live().length
    },
    get nextDue() {
      return next()?.due
    },
    advance,
    async advanceUntil(condition, maxMs, what = 'the condition') {
      const started = now
      await settle()
      while (!(await condition())) {
        const due = next()?.due
        if (due === undefined || due - started > maxMs) {
          throw new Error(`${what}: not within ${maxMs} ms of manual time (${now - started} ms passed)`)
        }
        await advance(Math.max(0, due - now))
      }
      return now - started
    },
    settle,
  }
}
