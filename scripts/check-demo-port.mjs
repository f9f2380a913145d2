// Run by `npm run demo` before anything is installed or built: when the demo's port is taken (or
// PORT is not a port), says so in one line and exits 1, instead of a stack trace after the build.
// Plain Node: it runs before the install. The defaults are the demo's own (demo/listen-defaults.json).
import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'

const defaults = JSON.parse(readFileSync(new URL('../demo/listen-defaults.json', import.meta.url), 'utf8'))
const port = Number(process.env.PORT || defaults.port)
const host = process.env.HOST || defaults.host
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number (0-65535), got ${JSON.stringify(process.env.PORT)}.`)
  process.exit(1)
}
const server = createServer()
server.once('error', (error) => {
  const reason =
    error.code === 'EADDRINUSE'
      ? `Port ${port} on ${host} is already in use (another demo?): stop it, or pick another port: PORT=${port + 1} npm run demo`
      : `Cannot listen on ${host}:${port}: ${error.message}`
  console.error(reason)
  process.exit(1)
})
server.listen(port, host, () => server.close())
