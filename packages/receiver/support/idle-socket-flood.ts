/**
 * An idle-socket flood: `count` TCP connections to a server that never send a byte, each opened
 * again as soon as the server closes it, so the flood holds as many as it can for as long as it
 * runs (at most `maxReconnects` reopenings in all: a bounded loop).
 */
import { connect, type Socket } from 'node:net'

export interface IdleSocketFlood {
  /** Sockets open now. */
  readonly open: number
  /** Reopenings so far. */
  readonly reconnects: number
  stop(): void
}

export function floodWithIdleSockets(port: number, count: number, maxReconnects = 200_000): IdleSocketFlood {
  const sockets = new Set<Socket>()
  let open = 0
  let reconnects = 0
  let stopped = false
  const openOne = (): void => {
    const socket = connect(port, '127.0.0.1')
    sockets.add(socket)
    socket.on('error', () => undefined)
    let connected = false
    socket.once('connect', () => {
      connected = true
      open++
    })
    socket.once('close', () => {
      sockets.delete(socket)
      if (connected) open--
      if (stopped || reconnects >= maxReconnects) return
      reconnects++
      setImmediate(openOne)
    })
  }
  for (let index = 0; index < count; index++) openOne()
  return {
    get open() {
      return open
    },
    get reconnects() {
      return reconnects
    },
    stop() {
      stopped = true
      for (const socket of sockets) socket.destroy()
    },
  }
}
