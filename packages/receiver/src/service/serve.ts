import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { schemaDefaults } from '@fingerprint-segment/source-function/internal'
import {
  assembleWebhookHandler,
  type CloseOptions,
  type HandlerSeams,
  type WebhookHandler,
  type WebhookHandlerOptions,
} from '../http/create-webhook-handler'
import { systemTimekeeping } from '../lib/clock'
import { atLevel, jsonLinesLogger } from '../lib/receiver-log'
import { receiverSettingsSchema, type ReceiverSettings } from '../settings/receiver-settings'
import { describeStoreLocation, parseStoreLocation } from '../store/store-location'
import { guardConnections } from './connection-guard'
import { connectionCapacity, processOpenFileLimit } from './descriptor-limit'
import { stopGracefully } from './graceful-stop'

/** Options of `serve`: the handler's, and the server's own (where to listen, its connections, its logs). */
export interface ServeOptions
  extends
    WebhookHandlerOptions,
    Partial<
      Pick<ReceiverSettings, 'port' | 'host' | 'maxConnections' | 'headersTimeoutMs' | 'idleTimeoutMs' | 'logLevel'>
    > {}

/** A receiver listening. */
export interface RunningReceiver {
  server: Server
  handler: WebhookHandler
  /** `http://<host>:<port>` actually bound (the real port when 0 was asked). */
  url: string
  /**
   * Stops gracefully within `timeoutMs` (the `shutdownTimeoutMs` setting unless given): stops
   * accepting connections, answers every request in flight, finishes or releases the batch being
   * sent, closes the store.
   */
  close(options?: CloseOptions): Promise<void>
}

/**
 * Serves `createWebhookHandler` on a `node:http` server (what the `fingerprint-segment serve`
 * command runs), once its store is open; logs one `listening` entry saying where, with which store,
 * and whether webhooks are authenticated.
 *
 * Slow or idle connections cannot crowd out webhooks: at most `maxConnections` are open (fewer when
 * the process's open-file limit is lower), and one more makes room by closing the connection idle
 * the longest; a connection must send its headers within `headersTimeoutMs` and its body within
 * `answerTimeoutMs` (408), and one kept alive is closed after `idleTimeoutMs` without a request.
 *
 * @throws what `createWebhookHandler` throws for a bad option, StoreUnavailableError (or its
 *   StoreLockedError, StoreCorruptError) when the store cannot be opened, or the server's error
 */
export function serve(options: ServeOptions): Promise<RunningReceiver> {
  return serveWith(options, {})
}

/** `serve` with the handler's seams (not part of the package's entry). */
export async function serveWith(options: ServeOptions, seams: HandlerSeams): Promise<RunningReceiver> {
  const defaults = schemaDefaults(receiverSettingsSchema)
  const {
    port = defaults.port,
    host = defaults.host,
    maxConnections = defaults.maxConnections,
    headersTimeoutMs = defaults.headersTimeoutMs,
    idleTimeoutMs = defaults.idleTimeoutMs,
    logLevel = defaults.logLevel,
    ...handlerOptions
  } = options
  const time = seams.time ?? systemTimekeeping
  const log = atLevel(options.logger ?? jsonLinesLogger(), logLevel)
  const handler = assembleWebhookHandler({ ...handlerOptions, logger: log }, seams)
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
  const openFileLimit = processOpenFileLimit()
  const capacity = connectionCapacity(maxConnections, openFileLimit)
  const connections = guardConnections(server, { capacity, ...time })
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
    maxConnections: capacity,
  })
  if (capacity < maxConnections) {
    log({
      level: 'warn',
      event: 'listening',
      message: `at most ${capacity} connections, not ${maxConnections}: the process may open ${openFileLimit ?? 'more'} files (ulimit -n); raise it for more`,
    })
  }

  let closing: Promise<void> | undefined
  return {
    server,
    handler,
    url,
    close(closeOptions) {
      closing ??= stopGracefully({
        server,
        handler,
        connections,
        ...time,
        timeoutMs: closeOptions?.timeoutMs ?? options.shutdownTimeoutMs ?? defaults.shutdownTimeoutMs,
      })
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
