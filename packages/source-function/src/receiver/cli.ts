/**
 * `fingerprint-segment serve`: the self-hosted webhook receiver as a command (built to
 * `dist/cli.mjs`, the package's `bin`). Configured by flags or environment variables; SIGTERM
 * and SIGINT shut it down gracefully (a second signal exits at once).
 */
import { packageVersion } from '../package-version'
import { CliUsageError, cliUsage, commandName, parseCli, type CliCommand } from './cli-options'
import { jsonLinesLogger } from './receiver-log'
import { serve } from './serve'

async function main(): Promise<number> {
  let command: CliCommand
  try {
    command = parseCli(process.argv.slice(2), process.env)
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error
    process.stderr.write(`${commandName}: ${error.message}\nRun "${commandName} --help" for the options.\n`)
    return 2
  }
  if (command.kind === 'help') {
    process.stdout.write(cliUsage)
    return 0
  }
  if (command.kind === 'version') {
    process.stdout.write(`${packageVersion}\n`)
    return 0
  }
  const log = jsonLinesLogger()
  const receiver = await serve({ ...command.options, logger: log })
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      log({ level: 'info', event: 'shutdown', message: `${signal}: finishing in-flight webhooks and flushing` })
      process.once(signal, () => process.exit(1))
      receiver.close().then(resolve, (error: unknown) => {
        log({ level: 'error', event: 'shutdown', message: error instanceof Error ? error.message : String(error) })
        resolve()
      })
    }
    process.once('SIGTERM', onSignal)
    process.once('SIGINT', onSignal)
  })
  return 0
}

main().then(
  (code) => {
    // Everything was answered and flushed: exit even if a keep-alive socket or timer lingers.
    process.exit(code)
  },
  (error: unknown) => {
    // Start-up failures (a setting with a wrong value, a port in use) end here.
    process.stderr.write(`${commandName}: ${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 1
  },
)
