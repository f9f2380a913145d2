/**
 * The worker thread the SQLite store runs in: opens the engine at `workerData.path`, says whether it
 * could, then answers one request at a time, in order. See `sqlite-call-store.ts` for the protocol.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { describeError } from '../../lib/describe-error'
import { StoreCorruptError, StoreLockedError } from '../store-errors'
import { openSqliteEngine, type SqliteEngine } from './sqlite-engine'
import type {
  SqliteErrorKind,
  SqliteWorkerReply,
  SqliteWorkerRequest,
  SqliteWorkerStart,
} from './sqlite-worker-protocol'

const port = parentPort
if (port === null) throw new Error('sqlite-store-worker runs as a worker thread only.')
const { path, ...options } = workerData as SqliteWorkerStart

let engine: SqliteEngine | undefined
try {
  engine = openSqliteEngine(path, options)
  port.postMessage({ kind: 'opened' } satisfies SqliteWorkerReply)
} catch (error) {
  port.postMessage({
    kind: 'failed',
    message: describeError(error),
    errorKind: kindOf(error),
  } satisfies SqliteWorkerReply)
}

port.on('message', (request: SqliteWorkerRequest) => {
  if (engine === undefined) return
  port.postMessage(answer(engine, request))
  if (request.method === 'close') port.close()
})

function answer(open: SqliteEngine, request: SqliteWorkerRequest): SqliteWorkerReply {
  const { id } = request
  try {
    switch (request.method) {
      case 'commit':
        return { kind: 'result', id, result: open.commit(...request.args) }
      case 'claim':
        return { kind: 'result', id, result: open.claim(...request.args) }
      case 'settle':
        open.settle(...request.args)
        return { kind: 'result', id, result: undefined }
      case 'purge':
        return { kind: 'result', id, result: open.purge(...request.args) }
      case 'numbers':
        return { kind: 'result', id, result: open.numbers() }
      case 'deadLetters':
        return { kind: 'result', id, result: open.deadLetters(...request.args) }
      case 'requeueDeadLetters':
        return { kind: 'result', id, result: open.requeueDeadLetters(...request.args) }
      case 'purgeDeadLetters':
        return { kind: 'result', id, result: open.purgeDeadLetters(...request.args) }
      case 'checkWritable':
        open.checkWritable(...request.args)
        return { kind: 'result', id, result: undefined }
      case 'close':
        open.close()
        return { kind: 'result', id, result: undefined }
    }
  } catch (error) {
    return { kind: 'error', id, message: describeError(error), errorKind: kindOf(error) }
  }
}

function kindOf(error: unknown): SqliteErrorKind {
  if (error instanceof StoreLockedError) return 'locked'
  if (error instanceof StoreCorruptError) return 'corrupt'
  return 'unavailable'
}
