/**
 * The receiver on 127.0.0.1 (a free port), started through the public `serve`, for the bench and
 * the tests. Without a `store` it gets a fresh SQLite file in a temporary folder, removed on close.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { WebhookHandler } from '../src/http/create-webhook-handler'
import { silentLogger } from '../src/lib/receiver-log'
import { serve, type ServeOptions } from '../src/service/serve'

export interface LoopbackReceiver {
  /** Where to POST webhooks, e.g. `http://127.0.0.1:4321/`. */
  url: string
  handler: WebhookHandler
  /** The store it uses. */
  store: string
  /** Graceful: stops accepting connections, lets the handler answer and deliver, then closes. */
  close(): Promise<void>
}

export async function startLoopbackReceiver(options: ServeOptions): Promise<LoopbackReceiver> {
  const tempDir = options.store === undefined ? mkdtempSync(join(tmpdir(), 'fingerprint-segment-receiver-')) : undefined
  const store = options.store ?? `sqlite:${join(tempDir ?? '', 'queue.db')}`
  const removeTemp = (): void => {
    if (tempDir !== undefined) rmSync(tempDir, { recursive: true, force: true })
  }
  let running
  try {
    running = await serve({ logger: silentLogger, ...options, store, port: 0, host: '127.0.0.1' })
  } catch (error) {
    removeTemp()
    throw error
  }
  const { handler, url } = running
  const close = running.close.bind(running)
  return {
    url: `${url}/`,
    handler,
    store,
    async close() {
      await close({ timeoutMs: 5_000 })
      removeTemp()
    },
  }
}
