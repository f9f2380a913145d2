/**
 * A graceful stop, bounded by `shutdownTimeoutMs` in all:
 * 1. the handler drains: readiness answers 503, every answer closes its connection;
 * 2. the server stops accepting once the connections already on their way are accepted (none new
 *    for `acceptQuietMs`, at most `acceptGraceMs`): closing the listening socket at once would reset
 *    the connections waiting in the kernel's queue, whose requests are already sent;
 * 3. each connection is closed once idle (`ConnectionGuard.drain`): every request in flight is
 *    answered;
 * 4. the handler closes: the deliverer finishes or releases the batch being sent, the store closes.
 */
import { Server as NetServer } from 'node:net'
import type { Server } from 'node:http'
import type { Clock, Scheduler } from '../lib/clock'
import { sleep } from '../lib/clock'
import type { WebhookHandler } from '../http/create-webhook-handler'
import type { ConnectionGuard } from './connection-guard'

export interface GracefulStopOptions {
  readonly server: Server
  readonly handler: WebhookHandler
  readonly connections: ConnectionGuard
  readonly clock: Clock
  readonly scheduler: Scheduler
  /** The whole stop's bound. */
  readonly timeoutMs: number
}

/** Stop accepting once no connection arrived for this long... */
const acceptQuietMs = 100
/** ...or after this long at most. */
const acceptGraceMs = 1000
/** Kept at the end of the bound for the deliverer to release its claims and the store to close. */
const closeReserveMs = 1000

export async function stopGracefully(options: GracefulStopOptions): Promise<void> {
  const { server, handler, connections, clock, scheduler } = options
  const started = clock.now()
  const deadline = started + options.timeoutMs
  handler.drain()

  let lastConnectionAt = started
  const onConnection = (): void => {
    lastConnectionAt = clock.now()
  }
  server.on('connection', onConnection)
  while (clock.now() - lastConnectionAt < acceptQuietMs && clock.now() - started < acceptGraceMs) {
    await sleep(scheduler, 25)
  }
  server.off('connection', onConnection)
  const closed = new Promise<void>((resolve) => server.once('close', () => resolve()))
  // net.Server's own close: stops listening, leaves open connections alone. (http.Server's also
  // closes the kept-alive idle ones at once, racing a request the client may be sending on one.)
  NetServer.prototype.close.call(server)

  await connections.drain(deadline - closeReserveMs)
  await handler.close({ timeoutMs: Math.max(0, deadline - closeReserveMs - clock.now()) })
  server.closeAllConnections()
  await closed
}
