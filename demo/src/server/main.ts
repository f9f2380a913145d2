/**
 * `npm run demo` ends here: starts the whole demo on one port and prints its URL.
 * Environment variables and their defaults: see `demo-config.ts` and `demo/README.md`.
 */
import { readDemoConfig } from './demo-config'
import { startDemoServer } from './demo-server'

const config = readDemoConfig(process.env)
const demo = await startDemoServer(config).catch((error: unknown) => {
  // Taken since `npm run demo` checked it (scripts/check-demo-port.mjs): the same one line, no stack trace.
  if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
    console.error(
      `Port ${config.port} on ${config.host} is already in use (another demo?): stop it, or pick another port: PORT=${config.port + 1} npm run demo`,
    )
    process.exit(1)
  }
  throw error
})

const on = (flag: boolean) => (flag ? 'on' : 'off')
console.log(`
  Fingerprint + Segment demo: ${demo.url}

  webhook signatures ${on(config.webhookSecret !== '')} · identity proofs ${on(config.identitySecret !== '')} · forwarding to Segment ${config.segmentWriteKey ? 'on' : 'off (set SEGMENT_WRITE_KEY)'}
  v4 agent: ${demo.url}/?agent=v4 · Ctrl+C to stop
`)

const stop = () => {
  void demo.close().then(() => process.exit(0))
}
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
