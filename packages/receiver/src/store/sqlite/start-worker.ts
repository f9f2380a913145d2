/**
 * Starts a worker thread. The built package's workers are JavaScript files; in the sources (tests,
 * the bench) a worker is a TypeScript file, run through tsx, a development dependency.
 */
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker, type WorkerOptions } from 'node:worker_threads'

export function startWorker(file: URL, options: WorkerOptions): Worker {
  if (!file.pathname.endsWith('.ts')) return new Worker(file, options)
  // tsx's ESM API, by its file: `--import tsx` in a worker's execArgv is not applied on Node 20.
  const tsxPackage = pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json'))
  const tsxApi = new URL('dist/esm/api/index.mjs', tsxPackage).href
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(file.href)}) })`
  return new Worker(bootstrap, { ...options, eval: true })
}
