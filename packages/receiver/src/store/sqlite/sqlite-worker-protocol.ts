/** The messages between the SQLite store (receiver thread) and its worker thread. */
import type { SqliteEngine, SqliteEngineOptions } from './sqlite-engine'

/** The worker's `workerData`. */
export interface SqliteWorkerStart extends SqliteEngineOptions {
  readonly path: string
}

/** A method of the engine, called in the worker. */
export type SqliteEngineMethod = keyof SqliteEngine

/** One request: the method's name and its arguments (structured-cloned). */
export type SqliteWorkerRequest = {
  [Method in SqliteEngineMethod]: {
    readonly id: number
    readonly method: Method
    readonly args: Parameters<SqliteEngine[Method]>
  }
}[SqliteEngineMethod]

/** Which store error a failure is (errors lose their class when they cross threads). */
export type SqliteErrorKind = 'unavailable' | 'corrupt' | 'locked'

/** The worker's messages: once whether the file opened, then one reply per request, in order. */
export type SqliteWorkerReply =
  | { readonly kind: 'opened' }
  | { readonly kind: 'failed'; readonly message: string; readonly errorKind: SqliteErrorKind }
  | { readonly kind: 'result'; readonly id: number; readonly result: unknown }
  | { readonly kind: 'error'; readonly id: number; readonly message: string; readonly errorKind: SqliteErrorKind }
