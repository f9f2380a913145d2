/** The receiver served by a plain node:http server on 127.0.0.1 (a random port), for the bench and the tests. */
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  createWebhookHandler,
  type WebhookHandler,
  type WebhookHandlerOptions,
} from '../src/receiver/create-webhook-handler'

export interface LoopbackReceiver {
  /** Where to POST webhooks, e.g. `http://127.0.0.1:4321/`. */
  url: string
  handler: WebhookHandler
  /** Graceful: stops accepting connections, lets the handler answer and flush, then closes. */
  close(): Promise<void>
}

export async function startLoopbackReceiver(options: WebhookHandlerOptions): Promise<LoopbackReceiver> {
  const handler = createWebhookHandler(options)
  const server = createServer(handler)
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    handler,
    async close() {
      const closed = once(server, 'close')
      server.close()
      server.closeIdleConnections()
      await handler.close({ timeoutMs: 5_000 })
      server.closeAllConnections()
      await closed
    },
  }
}
