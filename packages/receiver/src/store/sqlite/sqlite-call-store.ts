/**
 * The embedded store: one SQLite file, its engine (`sqlite-engine.ts`) in a worker thread so that
 * the fsync of each commit and the WAL checkpoints never hold the receiver's event loop. Webhooks
 * mapped while a commit is on its way to the disk wait together for the next one (group commit):
 * one message to the worker and one fsync for all of them.
 *
 * Requests are answered in order, one at a time; the receiver's clock dates what is written.
 */
import {
  expiryReason,
  StoreUnavailableError,
  type CallStore,
  type CallStoreOptions,
  type CallToStore,
  type EnqueueResult,
} from '../call-store'
import { createGroupCommit } from '../group-commit'
import type { SqliteEngine } from './sqlite-engine'
import type {
  SqliteEngineMethod,
  SqliteWorkerReply,
  SqliteWorkerRequest,
  SqliteWorkerStart,
} from './sqlite-worker-protocol'
import { sqliteWorkerUrl } from './sqlite-worker-url'
import { startWorker } from './start-worker'
import { describeStoreLocation } from '../store-location'

/** Most webhooks in one commit. */
const maxWebhooksPerCommit = 1000

interface Pending {
  resolve(result: unknown): void
  reject(error: Error): void
}

/**
 * Opens (creating when missing) the SQLite store at `path`.
 *
 * @throws StoreUnavailableError when the file cannot be opened or was written by a newer version
 */
export async function openSqliteCallStore(path: string, options: CallStoreOptions = {}): Promise<CallStore> {
  const now = options.now ?? Date.now
  const worker = startWorker(sqliteWorkerUrl, { workerData: { path } satisfies SqliteWorkerStart })
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
        reject(new StoreUnavailableError(reply.kind === 'failed' ? reply.message : 'the worker answered out of turn'))
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
    else request?.reject(new StoreUnavailableError(reply.message))
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
        settle(outcome) {
          if (settled) return Promise.reject(new Error('This claim was already settled.'))
          settled = true
          return call('settle', claimId, outcome, now())
        },
      }
    },
    expire(retentionMs, maxRows) {
      const at = now()
      return call('expire', at - retentionMs, maxRows, at, expiryReason(retentionMs))
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
    deadLetters(limit) {
      return call('deadLetters', limit)
    },
    async close() {
      if (stopped !== undefined) return
      await groupCommit.idle()
      await call('close')
      await worker.terminate()
    },
  }
}
