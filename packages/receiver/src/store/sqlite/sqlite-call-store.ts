/**
 * The embedded store: one SQLite file, its engine (`sqlite-engine.ts`) in a worker thread so that
 * the fsync of each commit and the WAL checkpoints never hold the receiver's event loop. Webhooks
 * mapped while a commit is on its way to the disk wait together for the next one (group commit):
 * one message to the worker and one fsync for all of them.
 *
 * Requests are answered in order, one at a time; the receiver's clock dates what is written.
 */
import { steadyClock } from '../../lib/clock'
import type { CallStore, CallStoreOptions, CallToStore, EnqueueResult } from '../call-store'
import { createGroupCommit } from '../group-commit'
import { StoreCorruptError, StoreLockedError, StoreUnavailableError } from '../store-errors'
import { describeStoreLocation } from '../store-location'
import type { SqliteEngine } from './sqlite-engine'
import type {
  SqliteEngineMethod,
  SqliteErrorKind,
  SqliteWorkerReply,
  SqliteWorkerRequest,
  SqliteWorkerStart,
} from './sqlite-worker-protocol'
import { sqliteWorkerUrl } from './sqlite-worker-url'
import { startWorker } from './start-worker'

/** Most webhooks in one commit. */
const maxWebhooksPerCommit = 1000

interface Pending {
  resolve(result: unknown): void
  reject(error: Error): void
}

/** The store error a worker's failure is, its class restored. */
function storeError(kind: SqliteErrorKind, message: string): StoreUnavailableError {
  if (kind === 'locked') return new StoreLockedError(message)
  if (kind === 'corrupt') return new StoreCorruptError(message)
  return new StoreUnavailableError(message)
}

/**
 * Opens (creating when missing) the SQLite store at `path`.
 *
 * @throws StoreLockedError (another receiver holds it, with `exclusive`), StoreCorruptError (damaged),
 *   StoreUnavailableError (cannot be opened, or written by a newer version)
 */
export async function openSqliteCallStore(path: string, options: CallStoreOptions = {}): Promise<CallStore> {
  const now = options.now ?? steadyClock.now
  const start: SqliteWorkerStart = { path, exclusive: options.exclusive === true }
  const worker = startWorker(sqliteWorkerUrl, { workerData: start })
  const pending = new Map<number, Pending>()
  let nextId = 1
  let stopped: string | undefined

  /** The worker keeps the process alive only while it owes an answer. */
  const holdWhilePending = (): void => {
    if (pending.size > 0) worker.ref()
    else worker.unref()
  }
  const stop = (reason: string): void => {
    stopped ??= reason
    for (const request of pending.values()) request.reject(new StoreUnavailableError(reason))
    pending.clear()
    holdWhilePending()
  }

  await new Promise<void>((resolve, reject) => {
    const opened = (reply: SqliteWorkerReply): void => {
      worker.off('error', failed)
      if (reply.kind === 'opened') resolve()
      else {
        void worker.terminate()
        reject(
          reply.kind === 'failed'
            ? storeError(reply.errorKind, reply.message)
            : new StoreUnavailableError('the worker answered out of turn'),
        )
      }
    }
    const failed = (error: Error): void => {
      reject(new StoreUnavailableError(`The SQLite store ${path} cannot be opened: ${error.message}`))
    }
    worker.once('message', opened)
    worker.once('error', failed)
  })

  worker.on('message', (reply: SqliteWorkerReply) => {
    if (reply.kind !== 'result' && reply.kind !== 'error') return
    const request = pending.get(reply.id)
    pending.delete(reply.id)
    holdWhilePending()
    if (reply.kind === 'result') request?.resolve(reply.result)
    else request?.reject(storeError(reply.errorKind, reply.message))
  })
  worker.on('error', (error) => {
    stop(`The SQLite store ${path} stopped: ${error.message}`)
  })
  worker.on('exit', (code) => {
    stop(`The SQLite store ${path} is closed${code === 0 ? '' : ` (its worker exited with code ${code})`}.`)
  })
  holdWhilePending()

  function call<Method extends SqliteEngineMethod>(
    method: Method,
    ...args: Parameters<SqliteEngine[Method]>
  ): Promise<ReturnType<SqliteEngine[Method]>> {
    if (stopped !== undefined) return Promise.reject(new StoreUnavailableError(stopped))
    const id = nextId++
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject })
      holdWhilePending()
      const request = { id, method, args } as SqliteWorkerRequest
      worker.postMessage(request)
    })
  }

  const groupCommit = createGroupCommit<readonly CallToStore[], EnqueueResult>(
    (webhooks) => call('commit', webhooks, now()),
    // One commit at a time: the webhooks arriving meanwhile make the next group.
    { maxItems: maxWebhooksPerCommit, maxInFlight: 1 },
  )

  return {
    description: describeStoreLocation({ engine: 'sqlite', path }),
    enqueue(calls) {
      if (calls.length === 0) return Promise.resolve({ stored: 0, duplicates: 0 })
      return groupCommit.add(calls)
    },
    async claim(limit) {
      const { claimId, calls } = await call('claim', limit)
      let settled = false
      return {
        calls,
        async settle(outcome) {
          if (settled) throw new Error('This claim was already settled.')
          await call('settle', claimId, outcome, now())
          settled = true
        },
      }
    },
    purge(before, maxRows) {
      return call('purge', before, maxRows)
    },
    async stats() {
      const { queued, oldestStoredAt, deadLetters } = await call('numbers')
      return {
        queued,
        oldestQueuedAgeSeconds:
          oldestStoredAt === undefined ? 0 : Math.max(0, Math.floor((now() - oldestStoredAt) / 1000)),
        deadLetters,
      }
    },
    deadLetters(filter, limit) {
      return call('deadLetters', filter, limit)
    },
    requeueDeadLetters(filter) {
      return call('requeueDeadLetters', filter)
    },
    purgeDeadLetters(filter) {
      return call('purgeDeadLetters', filter)
    },
    checkWritable() {
      return call('checkWritable', now())
    },
    async close() {
      if (stopped !== undefined) return
      await groupCommit.idle()
      await call('close')
      await worker.terminate()
    },
  }
}
