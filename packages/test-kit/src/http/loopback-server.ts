/** A stand-in on a port of its own: a node:http server on 127.0.0.1 (a free port) around its handler. */
import { once } from 'node:events'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { StandInHandler } from './stand-in-handler'

export interface LoopbackServer {
  /** e.g. `http://127.0.0.1:4321`. */
  readonly origin: string
  /** Drops every open connection and stops listening. */
  close(): Promise<void>
}

/**
 * Serves `handle` on a free loopback port; a request it leaves gets `unclaimed`'s answer. A handler
 * that throws drops the connection (as a crashing service would).
 */
export async function serveOnLoopback(
  handle: StandInHandler,
  unclaimed: (response: ServerResponse) => void,
): Promise<LoopbackServer> {
  const server = createServer((request, response) => {
    handle(request, response).then(
      (taken) => {
        if (!taken) unclaimed(response)
      },
      () => response.destroy(),
    )
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections()
      server.close()
      await once(server, 'close')
    },
  }
}
