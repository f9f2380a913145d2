/**
 * A store in memory with the semantics of the real ones (the same contract suite runs against it:
 * `src/store/in-memory-call-store.test.ts`), for the deliverer's tests on manual time: no disk, no
 * worker, every operation settled within one turn. A write fault can be switched on, as a full disk.
 */
import type {
  CallStore,
  CallToStore,
  ClaimedCalls,
  DeadLetter,
  DeadLetterFilter,
  EnqueueResult,
  StoredCall,
} from '../src/store/call-store'
import { storedCallType } from '../src/store/call-store'
import { StoreUnavailableError } from '../src/store/store-errors'

interface Row extends StoredCall {
  state: 'waiting' | 'delivered' | 'dead'
  settledAt: number | undefined
}

interface Data {
  rows: Row[]
  letters: Map<string, DeadLetter & { json: string }>
  nextSeq: number
}

/** The data behind each location, so a store reopened on it sees what was committed. */
const locations = new Map<string, Data>()

export interface InMemoryCallStore extends CallStore {
  /** While set, every write rejects with this (reads go on): a full disk. */
  writeFault: string | undefined
  /** Writes attempted (commits, settles, purges, probes), failed ones included. */
  readonly writes: number
}

export function openInMemoryCallStore(location: string, now: () => number): InMemoryCallStore {
  const data: Data = locations.get(location) ?? { rows: [], letters: new Map(), nextSeq: 1 }
  locations.set(location, data)
  const claimed = new Set<number>()
  let closed = false
  let writes = 0
  const store: InMemoryCallStore = {
    description: `memory:${location}`,
    writeFault: undefined,
    get writes() {
      return writes
    },
    enqueue(calls) {
      return Promise.resolve().then(() => {
        write()
        let stored = 0
        for (const call of calls) if (insert(call)) stored++
        return { stored, duplicates: calls.length - stored } satisfies EnqueueResult
      })
    },
    claim(limit) {
      return Promise.resolve().then((): ClaimedCalls => {
        checkOpen()
        const calls = data.rows.filter((row) => row.state === 'waiting' && !claimed.has(row.seq)).slice(0, limit)
        for (const call of calls) claimed.add(call.seq)
        let settled = false
        return {
          calls: calls.map(({ state: _state, settledAt: _settledAt, ...call }) => ({ ...call })),
          settle(outcome) {
            return Promise.resolve().then(() => {
              if (settled) throw new Error('This claim was already settled.')
              write()
              const at = now()
              const done = new Set<number>()
              for (const seq of outcome.delivered) {
                const row = waiting(seq)
                if (row) Object.assign(row, { state: 'delivered', settledAt: at })
                done.add(seq)
              }
              for (const { seq, reason } of outcome.dead) {
                const row = waiting(seq)
                if (row) {
                  data.letters.set(row.messageId, letterOf(row, reason, at, row.attempts + 1))
                  Object.assign(row, { state: 'dead', settledAt: at })
                }
                done.add(seq)
              }
              for (const call of calls) {
                const row = waiting(call.seq)
                if (row && !done.has(call.seq)) Object.assign(row, { attempts: row.attempts + 1 })
                claimed.delete(call.seq)
              }
              settled = true
            })
          },
        }
      })
    },
    purge(before, maxRows) {
      return Promise.resolve().then(() => {
        write()
        const old = data.rows.filter((row) => row.state !== 'waiting' && row.storedAt < before).slice(0, maxRows)
        data.rows = data.rows.filter((row) => !old.includes(row))
        const letters = [...data.letters.values()].filter((letter) => letter.failedAt < before).slice(0, maxRows)
        for (const letter of letters) data.letters.delete(letter.messageId)
        return old.length + letters.length
      })
    },
    stats() {
      return Promise.resolve().then(() => {
        checkOpen()
        const queued = data.rows.filter((row) => row.state === 'waiting')
        const oldest = queued[0]
        return {
          queued: queued.length,
          oldestQueuedAgeSeconds: oldest ? Math.max(0, Math.floor((now() - oldest.storedAt) / 1000)) : 0,
          deadLetters: data.letters.size,
        }
      })
    },
    deadLetters(filter, limit) {
      return Promise.resolve().then(() => {
        checkOpen()
        return matching(filter)
          .sort((a, b) => b.failedAt - a.failedAt || a.messageId.localeCompare(b.messageId))
          .slice(0, limit)
          .map(({ json: _json, ...letter }) => letter)
      })
    },
    requeueDeadLetters(filter) {
      return Promise.resolve().then(() => {
        write()
        const letters = matching(filter)
        for (const letter of letters) {
          data.letters.delete(letter.messageId)
          const row = data.rows.find((candidate) => candidate.messageId === letter.messageId)
          if (row) Object.assign(row, { state: 'waiting', settledAt: undefined, attempts: 0, json: letter.json })
          else insert({ messageId: letter.messageId, eventId: letter.eventId, json: letter.json }, letter.storedAt)
        }
        data.rows.sort((a, b) => a.seq - b.seq)
        return letters.length
      })
    },
    purgeDeadLetters(filter) {
      return Promise.resolve().then(() => {
        write()
        const letters = matching(filter)
        for (const letter of letters) data.letters.delete(letter.messageId)
        return letters.length
      })
    },
    checkWritable() {
      return Promise.resolve().then(() => {
        write()
      })
    },
    close() {
      closed = true
      claimed.clear()
      return Promise.resolve()
    },
  }
  return store

  function checkOpen(): void {
    if (closed) throw new StoreUnavailableError(`The store memory:${location} is closed.`)
  }
  function write(): void {
    checkOpen()
    writes++
    if (store.writeFault !== undefined) throw new StoreUnavailableError(store.writeFault)
  }
  function waiting(seq: number): Row | undefined {
    return data.rows.find((row) => row.seq === seq && row.state === 'waiting')
  }
  function insert(call: CallToStore, storedAt = now()): boolean {
    if (data.rows.some((row) => row.messageId === call.messageId)) return false
    data.rows.push({ ...call, seq: data.nextSeq++, storedAt, attempts: 0, state: 'waiting', settledAt: undefined })
    return true
  }
  function letterOf(row: Row, reason: string, failedAt: number, attempts: number): DeadLetter & { json: string } {
    const { messageId, eventId, storedAt, json } = row
    return { messageId, eventId, type: storedCallType(json), reason, storedAt, failedAt, attempts, json }
  }
  function matching(filter: DeadLetterFilter): (DeadLetter & { json: string })[] {
    return [...data.letters.values()].filter(
      (letter) =>
        (filter.messageIds === undefined || filter.messageIds.includes(letter.messageId)) &&
        (filter.eventId === undefined || letter.eventId === filter.eventId) &&
        (filter.type === undefined || letter.type === filter.type) &&
        (filter.reasonContains === undefined || letter.reason.includes(filter.reasonContains)) &&
        (filter.failedFrom === undefined || letter.failedAt >= filter.failedFrom) &&
        (filter.failedUntil === undefined || letter.failedAt < filter.failedUntil),
    )
  }
}
