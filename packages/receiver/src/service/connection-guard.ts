/**
 * The server's connections, watched: which are busy (a request in progress) and which idle (never
 * sent a request yet, or kept alive between requests), since when.
 *
 * - At most `capacity` are open. A connection over it makes room by closing an idle one: first the
 *   one idle the longest of those that never sent a request (a socket that connects and says
 *   nothing: the usual flood), then the kept-alive one idle the longest. So a real webhook arriving
 *   during an idle-socket flood is still served; only when every connection is busy is the new one
 *   closed.
 * - A graceful stop (`drain`) closes each connection once it is idle: answers carry
 *   `Connection: close` (the handler's drain), and a connection idle for `quietMs` is closed (one
 *   that just connected has had time to send its request by then); at the deadline, all are.
 */
import type { Server, ServerResponse, IncomingMessage } from 'node:http'
import type { Socket } from 'node:net'
import type { Clock, Scheduler } from '../lib/clock'
import { sleep } from '../lib/clock'

interface Watched {
  readonly socket: Socket
  /** Requests in progress on it. */
  busy: number
  /** It sent a request once (a kept-alive client, not a socket that says nothing). */
  served: boolean
  /** Since when it is idle (connected, or answered its last request). */
  idleSince: number
}

export interface ConnectionGuardOptions {
  readonly capacity: number
  readonly clock: Clock
  readonly scheduler: Scheduler
  /** How long a connection must stay idle before a drain closes it. @default 500 */
  readonly quietMs?: number
  /** How often a drain looks at the connections. @default 50 */
  readonly drainCheckMs?: number
}

export interface ConnectionGuard {
  /** Connections open now. */
  readonly open: number
  /** Idle connections closed to make room so far. */
  readonly evicted: number
  /** Connections refused because every open one was busy. */
  readonly refused: number
  /** Closes each connection once idle (at `deadline` on the guard's clock, every one); resolves when none is left. */
  drain(deadline: number): Promise<void>
}

export function guardConnections(server: Server, options: ConnectionGuardOptions): ConnectionGuard {
  const { clock, scheduler } = options
  const quietMs = options.quietMs ?? 500
  const drainCheckMs = options.drainCheckMs ?? 50
  const connections = new Map<Socket, Watched>()
  let evicted = 0
  let refused = 0

  server.on('connection', (socket: Socket) => {
    const watched: Watched = { socket, busy: 0, served: false, idleSince: clock.now() }
    connections.set(socket, watched)
    socket.once('close', () => connections.delete(socket))
    if (connections.size <= options.capacity) return
    let oldest: Watched | undefined
    for (const candidate of connections.values()) {
      if (candidate.busy > 0 || candidate === watched) continue
      const before =
        oldest === undefined ||
        (candidate.served === oldest.served ? candidate.idleSince < oldest.idleSince : !candidate.served)
      if (before) oldest = candidate
    }
    if (oldest !== undefined) {
      evicted++
      connections.delete(oldest.socket)
      oldest.socket.destroy()
    } else {
      refused++
      connections.delete(socket)
      socket.destroy()
    }
  })
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const watched = connections.get(request.socket)
    if (watched === undefined) return
    watched.busy++
    watched.served = true
    response.once('close', () => {
      watched.busy--
      watched.idleSince = clock.now()
    })
  })

  return {
    get open() {
      return connections.size
    },
    get evicted() {
      return evicted
    },
    get refused() {
      return refused
    },
    async drain(deadline) {
      while (connections.size > 0) {
        const now = clock.now()
        for (const watched of [...connections.values()]) {
          if (now >= deadline || (watched.busy === 0 && now - watched.idleSince >= quietMs)) {
            connections.delete(watched.socket)
            watched.socket.destroy()
          }
        }
        if (connections.size === 0) return
        await sleep(scheduler, Math.min(drainCheckMs, Math.max(0, deadline - now)))
      }
    },
  }
}
