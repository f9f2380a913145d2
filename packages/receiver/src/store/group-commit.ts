/**
 * Group commit: items added while a commit is being prepared or written share the next commit, so
 * many concurrent webhooks pay for one fsync (SQLite) or one round trip and WAL flush (PostgreSQL)
 * instead of one each.
 */
export interface GroupCommit<Item, Result> {
  /** Resolves with the item's own result once the commit holding it is durable; rejects if that commit failed. */
  add(item: Item): Promise<Result>
  /** Resolves once nothing is waiting or being committed. */
  idle(): Promise<void>
}

export interface GroupCommitOptions {
  /** Most items in one commit. */
  readonly maxItems: number
  /** Most commits running at once (1 for an engine that commits synchronously). */
  readonly maxInFlight: number
}

/** Commits a group: returns one result per item, in order. A throw or rejection fails every item of the group. */
export type CommitGroup<Item, Result> = (items: readonly Item[]) => readonly Result[] | Promise<readonly Result[]>

interface Waiting<Item, Result> {
  item: Item
  resolve: (result: Result) => void
  reject: (error: unknown) => void
}

export function createGroupCommit<Item, Result>(
  commit: CommitGroup<Item, Result>,
  options: GroupCommitOptions,
): GroupCommit<Item, Result> {
  const waiting: Waiting<Item, Result>[] = []
  let inFlight = 0
  let scheduled = false
  const idleWaiters: (() => void)[] = []

  const settleIdle = (): void => {
    if (waiting.length > 0 || inFlight > 0 || scheduled) return
    for (const resolve of idleWaiters.splice(0)) resolve()
  }

  const schedule = (): void => {
    if (scheduled || inFlight >= options.maxInFlight || waiting.length === 0) return
    scheduled = true
    // After the current turn's I/O callbacks: every webhook mapped in this turn joins the group.
    setImmediate(flush)
  }

  function flush(): void {
    scheduled = false
    if (inFlight >= options.maxInFlight || waiting.length === 0) {
      settleIdle()
      return
    }
    const group = waiting.splice(0, options.maxItems)
    inFlight++
    const finish = (settle: () => void): void => {
      settle()
      inFlight--
      schedule()
      settleIdle()
    }
    let results: readonly Result[] | Promise<readonly Result[]>
    try {
      results = commit(group.map((entry) => entry.item))
    } catch (error) {
      finish(() => {
        for (const entry of group) entry.reject(error)
      })
      return
    }
    void Promise.resolve(results).then(
      (values) => {
        finish(() => {
          group.forEach((entry, index) => {
            if (index < values.length) entry.resolve(values[index] as Result)
            else entry.reject(new Error('The commit returned fewer results than items.'))
          })
        })
      },
      (error: unknown) => {
        finish(() => {
          for (const entry of group) entry.reject(error)
        })
      },
    )
    // More may be waiting than one group takes: start the next commit while this one runs.
    schedule()
  }

  return {
    add(item) {
      return new Promise<Result>((resolve, reject) => {
        waiting.push({ item, resolve, reject })
        schedule()
      })
    },
    idle() {
      return new Promise<void>((resolve) => {
        idleWaiters.push(resolve)
        settleIdle()
      })
    },
  }
}
