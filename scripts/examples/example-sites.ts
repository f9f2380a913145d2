/**
 * The examples apps served as adopters serve them, each on a free loopback port: the Vite app's
 * `dist/` by a static server, the Next.js app by `next start`.
 */
import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join } from 'node:path'

/** A served app: its URL, and how to stop it. */
export interface ServedSite {
  url: string
  stop(): Promise<void>
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
}

const listening = async (server: Server): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** Serves the built Vite app (`<appDir>/dist/`), as any static host would. */
export async function serveBuiltApp(appDir: string): Promise<ServedSite> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname
    // The adopter's own backend route of the v4 withSegment snippet: nobody is signed in, so no proof.
    if (path === '/api/identity-proof') return void response.writeHead(200, { 'content-type': 'text/plain' }).end('')
    const file = path === '/' ? '/index.html' : path
    if (file.includes('..')) return void response.writeHead(400).end()
    readFile(`${appDir}/dist${file}`).then(
      (body) =>
        response
          .writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream' })
          .end(body),
      () => response.writeHead(404).end(),
    )
  })
  const url = await listening(server)
  return { url, stop: () => new Promise((resolve) => server.close(() => resolve())) }
}

/** A port nothing listens on now (for a server that cannot be given port 0). */
async function freePort(): Promise<number> {
  const server = createServer()
  const url = await listening(server)
  await new Promise((resolve) => server.close(resolve))
  return Number(new URL(url).port)
}

/**
 * Starts the built Next.js app (`next start` in `<appDir>/next`, after `next build`) and resolves
 * once it answers. `stop()` ends that process.
 */
export async function startNextApp(appDir: string): Promise<ServedSite> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const next = spawn(join(appDir, 'node_modules/.bin/next'), ['start', '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: join(appDir, 'next'),
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  next.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  next.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<void>((resolve) => next.once('exit', () => resolve()))
  const stop = async () => {
    next.kill('SIGTERM')
    await exited
  }
  const deadline = Date.now() + 60_000
  for (;;) {
    if (next.exitCode !== null) throw new Error(`next start exited (${String(next.exitCode)}):\n${output}`)
    const answered = await fetch(url).then(
      (response) => response.ok,
      () => false,
    )
    if (answered) return { url, stop }
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`next start did not answer within 60 s:\n${output}`)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}
