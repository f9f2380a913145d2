/**
 * Where the SQLite store's worker thread is. In the sources it is the TypeScript file beside this
 * one; the build replaces this module with the URL of the worker's own built file (rollup.config.mjs).
 */
export const sqliteWorkerUrl: URL = new URL('./sqlite-store-worker.ts', import.meta.url)
