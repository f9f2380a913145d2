import { once } from 'node:events'
import { createServer } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { createManualTime, type ManualTime } from '@fingerprint-segment/test-kit'
import { afterEach, describe, expect, it } from 'vitest'
import { guardConnections } from './connection-guard'

const closers: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

async function guarded(capacity: number, time: ManualTime = createManualTime()) {
  const server = createServer((_request, response) => response.end('ok'))
  const guard = guardConnections(server, { capacity, clock: time.clock, scheduler: time.scheduler, quietMs: 500 })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const port = (server.address() as AddressInfo).port
  const sockets: Socket[] = []
  closers.push(async () => {
    for (const socket of sockets) socket.destroy()
    server.closeAllConnections()
    server.close()
    await once(server, 'close')
  })
  const open = async (): Promise<{ socket: Socket; closed: Promise<void> }> => {
    const socket = connect(port, '127.0.0.1')
    sockets.push(socket)
    socket.on('error', () => undefined)
    const closed = once(socket, 'close').then(() => undefined)
    await once(socket, 'connect')
    // The server has seen it once it answers (a request on another socket goes through the same loop).
    await new Promise((resolve) => setImmediate(resolve))
    return { socket, closed }
  }
  const request = async (socket: Socket): Promise<string> => {
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n')
    const [data] = (await once(socket, 'data')) as [Buffer]
    return data.toString()
  }
  return { guard, open, request }
}

describe('guardConnections', () => {
  it('makes room for a new connection by closing the socket idle the longest that never sent a request', async () => {
    const { guard, open, request } = await guarded(3)
    const kept = await open()
    expect(await request(kept.socket)).toMatch(/^HTTP\/1\.1 200/)
    const silentOld = await open()
    await open()
    const fresh = await open()
    await silentOld.closed
    expect(guard.evicted).toBe(1)
    expect(guard.open).toBe(3)
    // The kept-alive client (older, but it spoke) and the new ones are still served.
    expect(await request(kept.socket)).toMatch(/^HTTP\/1\.1 200/)
    expect(await request(fresh.socket)).toMatch(/^HTTP\/1\.1 200/)
  })

  it('drains: closes a connection once idle for quietMs (its request had time to come), and resolves when none is left', async () => {
    const time = createManualTime()
    const { guard, open } = await guarded(10, time)
    const idle = await open()
    let drained = false
    const draining = guard.drain(time.now + 5000).then(() => (drained = true))
    await time.advance(499)
    expect(guard.open).toBe(1)
    await time.advance(1)
    await idle.closed
    await time.advanceUntil(() => drained, 1000, 'drained')
    await draining
    expect(guard.open).toBe(0)
  })
})
