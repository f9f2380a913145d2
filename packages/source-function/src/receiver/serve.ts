import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { schemaDefaults } from '../settings/setting-declaration'
import {
  createWebhookHandler,
  type CloseOptions,
  type WebhookHandler,
  type WebhookHandlerOptions,
} from './create-webhook-handler'
import { jsonLinesLogger } from './receiver-log'
import { receiverSettingsSchema, type ReceiverSettings } from './receiver-settings'

/** Options of `serve`: the handler's, and where to listen. */
export interface ServeOptions extends WebhookHandlerOptions, Partial<Pick<ReceiverSettings, 'port' | 'host'>> {}

/** A receiver listening. */
export interface RunningReceiver {
  server: Server
  handler: WebhookHandler
  /** `http://<host>:<port>` actually bound (the real port when 0 was asked). */
  url: string
  /** Stops accepting connections, answers the webhooks in flight, flushes queued calls, closes. */
  close(options?: CloseOptions): Promise<void>
}

/** Bounded waits for slow clients: Fingerprint sends a small body at once. */
const clientTimeoutMs = 10_000

/**
 * Serves `createWebhookHandler` on a `node:http` server (what the `fingerprint-segment serve`
 * command runs); logs one `listening` entry once bound, saying whether signatures are checked.
 *
 * @throws what `createWebhookHandler` throws for a bad option, or the server's error (a port in use)
 */
export async function serve(options: ServeOptions): Promise<RunningReceiver> {
  const defaults = schemaDefaults(receiverSettingsSchema)
  const { port = defaults.port, host = defaults.host, ...handlerOptions } = options
  const log = options.logger ?? jsonLinesLogger()
  const handler = createWebhookHandler({ ...handlerOptions, logger: log })
  const server = createServer(handler)
  server.requestTimeout = clientTimeoutMs
  server.headersTimeout = clientTimeoutMs
  server.listen(port, host)
  try {
    await Promise.race([
      once(server, 'listening'),
      once(server, 'error').then(([error]) => {
        throw error
      }),
    ])
  } catch (error) {
    await handler.close({ timeoutMs: 0 })
    throw error
  }
  const address = server.address() as AddressInfo
  const url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`
  const signaturesChecked = (options.settings?.webhookSecrets?.length ?? 0) > 0
  log({
    level: 'info',
    event: 'listening',
    message: `Fingerprint webhook receiver on ${url}; webhook signatures ${signaturesChecked ? 'checked' : 'NOT checked (no webhook secret)'}`,
    url,
    port: address.port,
    webhookSignatures: signaturesChecked ? 'checked' : 'not checked',
  })

  let closing: Promise<void> | undefined
  return {
    server,
    handler,
    url,
    close(closeOptions) {
      closing ??= (async () => {
        const closed = once(server, 'close')
        server.close()
        server.closeIdleConnections()
        await handler.close(closeOptions)
        server.closeAllConnections()
        await closed
      })()
      return closing
    },
  }
}
