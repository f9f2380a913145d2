/**
 * `npm run demo` ends here: starts the whole demo on one port and prints its URL.
 * Environment variables and their defaults: see `demo-config.ts` and `demo/README.md`.
 */
import { functionSettings, readDemoConfig } from './demo-config'
import { startDemoServer } from './demo-server'
import { startupBanner } from './startup-banner'

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

console.log(
  startupBanner({
    url: demo.url,
    functionSettings: functionSettings(config),
    forwardingToSegment: config.segmentWriteKey !== undefined,
  }),
)

const stop = () => {
  void demo.close().then(() => process.exit(0))
}
process.once('SIGINT', stop)
process.once('SIGTERM', stop)
