import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createWebhookHandler, type WebhookHandler, type WebhookHandlerOptions } from './create-webhook-handler'
import { jsonLinesLogger } from './receiver-log'

/** Where and how to serve the receiver. */
export interface ServeOptions {
  port: number
  host: string
  handler: WebhookHandlerOptions
}

export interface RunningReceiver {
  server: Server
  handler: WebhookHandler
  /** `http://<host>:<port>` actually bound (the real port when 0 was asked). */
  url: string
  /** Stops accepting connections, answers the webhooks in flight, flushes queued calls, closes. */
  close(): Promise<void>
}

/** Serves `createWebhookHandler` on a node:http server; logs one `listening` entry once bound. */
export async function serveWebhookReceiver(options: ServeOptions): Promise<RunningReceiver> {
  const log = options.handler.logger ?? jsonLinesLogger()
  const handler = createWebhookHandler({ ...options.handler, logger: log })
  const server = createServer(handler)
  // Bounded waits for slow clients; Fingerprint sends a small body at once.
  server.requestTimeout = 10_000
  server.headersTimeout = 10_000
  server.listen(options.port, options.host)
  await Promise.race([
    once(server, 'listening'),
    once(server, 'error').then(([error]) => {
      throw error
    }),
  ])
  const { address, port } = server.address() as AddressInfo
  const url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`
  log({ level: 'info', event: 'listening', message: `Fingerprint webhook receiver on ${url}`, url, port })

  let closing: Promise<void> | undefined
  return {
    server,
    handler,
    url,
    close() {
      closing ??= (async () => {
        const closed = once(server, 'close')
        server.close()
        server.closeIdleConnections()
        await handler.close()
        server.closeAllConnections()
        await closed
      })()
      return closing
    },
  }
}
