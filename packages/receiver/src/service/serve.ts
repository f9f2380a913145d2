import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { schemaDefaults } from '@fingerprint-segment/source-function/internal'
import { describeStoreLocation, parseStoreLocation } from '../store/store-location'
import {
  createWebhookHandler,
  type CloseOptions,
  type WebhookHandler,
  type WebhookHandlerOptions,
} from '../http/create-webhook-handler'
import { jsonLinesLogger } from '../lib/receiver-log'
import { receiverSettingsSchema, type ReceiverSettings } from '../settings/receiver-settings'

/** Options of `serve`: the handler's, and the server's own (where to listen, its connection limits). */
export interface ServeOptions
  extends
    WebhookHandlerOptions,
    Partial<Pick<ReceiverSettings, 'port' | 'host' | 'maxConnections' | 'headersTimeoutMs' | 'idleTimeoutMs'>> {}

/** A receiver listening. */
export interface RunningReceiver {
  server: Server
  handler: WebhookHandler
  /** `http://<host>:<port>` actually bound (the real port when 0 was asked). */
  url: string
  /** Stops accepting connections, answers the webhooks in flight, delivers for at most `timeoutMs`, closes. */
  close(options?: CloseOptions): Promise<void>
}

/**
 * Serves `createWebhookHandler` on a `node:http` server (what the `fingerprint-segment serve`
 * command runs), once its store is open; logs one `listening` entry saying where, with which store,
 * and whether webhooks are authenticated.
 *
 * Slow or idle connections cannot pile up: at most `maxConnections` are open, a connection must
 * send its headers within `headersTimeoutMs` and its body within `answerTimeoutMs` (408), and one
 * kept alive is closed after `idleTimeoutMs` without a request. Node checks these every second.
 *
 * @throws what `createWebhookHandler` throws for a bad option, StoreUnavailableError when the store
 *   cannot be opened, or the server's error (a port in use)
 */
export async function serve(options: ServeOptions): Promise<RunningReceiver> {
  const defaults = schemaDefaults(receiverSettingsSchema)
  const {
    port = defaults.port,
    host = defaults.host,
    maxConnections = defaults.maxConnections,
    headersTimeoutMs = defaults.headersTimeoutMs,
    idleTimeoutMs = defaults.idleTimeoutMs,
    ...handlerOptions
  } = options
  const log = options.logger ?? jsonLinesLogger()
  const handler = createWebhookHandler({ ...handlerOptions, logger: log })
  try {
    await handler.ready
  } catch (error) {
    await handler.close({ timeoutMs: 0 })
    throw error
  }
  const answerTimeoutMs = options.answerTimeoutMs ?? defaults.answerTimeoutMs
  const server = createServer(
    {
      headersTimeout: headersTimeoutMs,
      // Headers and body: the handler answers a body still incomplete at answerTimeoutMs with 408 first.
      requestTimeout: headersTimeoutMs + answerTimeoutMs + 1000,
      // Node enforces the two timeouts above only at this interval (30 s unless told).
      connectionsCheckingInterval: Math.min(1000, headersTimeoutMs),
    },
    handler,
  )
  server.keepAliveTimeout = idleTimeoutMs
  server.maxConnections = maxConnections
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
  const authentication = describeAuthentication(options)
  const store = describeStoreLocation(parseStoreLocation(options.store ?? defaults.store))
  log({
    level: authentication.checked.length > 0 ? 'info' : 'warn',
    event: 'listening',
    message: `Fingerprint webhook receiver on ${url}, store ${store}; ${authentication.message}`,
    url,
    port: address.port,
    store,
    webhookSignatures: authentication.checked.includes('signature') ? 'checked' : 'not checked',
    authentication: authentication.checked,
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

/** How webhooks are authenticated, for the start-up log: an unauthenticated receiver says so loudly. */
function describeAuthentication(options: ServeOptions): { checked: string[]; message: string } {
  const settings = options.settings ?? {}
  const checked = [
    ...((settings.webhookSecrets?.length ?? 0) > 0 ? ['signature'] : []),
    ...((settings.webhookTokens?.length ?? 0) > 0 ? ['token'] : []),
    ...((settings.fingerprintServerApiKey ?? '') !== '' ? ['server-api'] : []),
  ]
  const signatures = checked.includes('signature')
    ? 'webhook signatures checked'
    : 'webhook signatures NOT checked (no webhook secret: set FINGERPRINT_WEBHOOK_SECRET)'
  const others = checked.filter((check) => check !== 'signature')
  const unauthenticated =
    settings.acceptUnauthenticatedWebhooks === true
      ? 'they are mapped anyway (FINGERPRINT_ACCEPT_UNAUTHENTICATED_WEBHOOKS): anyone who knows the URL can send Segment calls'
      : 'every webhook that would emit calls is answered 401 until FINGERPRINT_WEBHOOK_SECRET, FINGERPRINT_WEBHOOK_TOKEN or FINGERPRINT_SERVER_API_KEY is set (or FINGERPRINT_ACCEPT_UNAUTHENTICATED_WEBHOOKS=true)'
  const message =
    checked.length === 0
      ? `${signatures}; webhooks are NOT authenticated at all (no secret, no token, no Server API key): ${unauthenticated}`
      : `${signatures}${others.length > 0 ? `; also checked: ${others.join(', ')}` : ''}`
  return { checked, message }
}
