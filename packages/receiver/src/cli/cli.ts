import { packageVersion } from '../lib/package-version'
/**
 * `fingerprint-segment`: the self-hosted webhook receiver as a command (built to `dist/cli.mjs`,
 * the package's `bin`): `serve`, `backfill`, `status` and `dead-letters`. Configured by flags,
 * environment variables or secret files; SIGTERM and SIGINT shut `serve` down gracefully within
 * `--shutdown-timeout-ms` (a second signal exits at once).
 */

import { openCallStore } from '../store/open-call-store'
import { runBackfill } from '../backfill/backfill'
import { readBackfillTime } from '../settings/backfill-time'
import {
  CliUsageError,
  cliUsage,
  commandName,
  parseCli,
  type BackfillCommandOptions,
  type CliCommand,
} from './cli-options'
import { atLevel, jsonLinesLogger } from '../lib/receiver-log'
import { runDeadLettersCommand } from './dead-letters-command'
import { serve } from '../service/serve'
import { readStoreStatus } from '../store/store-status'

async function main(): Promise<number> {
  let command: CliCommand
  try {
    command = parseCli(process.argv.slice(2), process.env)
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error
    return usageError(error.message)
  }
  switch (command.kind) {
    case 'help':
      process.stdout.write(cliUsage)
      return 0
    case 'version':
      process.stdout.write(`${packageVersion}\n`)
      return 0
    case 'status':
      process.stdout.write(`${JSON.stringify(await readStoreStatus(command.store), null, 2)}\n`)
      return 0
    case 'dead-letters': {
      const { store: location, ...options } = command.options
      const store = await openCallStore(location)
      try {
        process.stdout.write(`${JSON.stringify(await runDeadLettersCommand(store, options), null, 2)}\n`)
      } finally {
        await store.close()
      }
      return 0
    }
    case 'backfill':
      return backfill(command.options)
    case 'serve':
      return runServer(command.options)
  }
}

function usageError(message: string): number {
  process.stderr.write(`${commandName}: ${message}\nRun "${commandName} --help" for the options.\n`)
  return 2
}

async function backfill(options: BackfillCommandOptions): Promise<number> {
  const now = Date.now()
  const since = readBackfillTime(options.since, now)
  const until = options.until === '' ? now : readBackfillTime(options.until, now)
  if (since === undefined || until === undefined) return usageError('--since and --until must be times.')
  if (since >= until) return usageError('--since must be before --until.')
  const log = jsonLinesLogger()
  const store = await openCallStore(options.store)
  try {
    log({
      level: 'info',
      event: 'backfill',
      message: `recovering events from ${new Date(since).toISOString()} to ${new Date(until).toISOString()} into ${store.description}`,
    })
    const summary = await runBackfill({ store, settings: options.settings, since, until, logger: log })
    log({
      level: 'info',
      event: 'backfill',
      message: `done: ${summary.events} event(s) in ${summary.pages} page(s), ${summary.stored} call(s) stored, ${summary.duplicates} already stored; a receiver on this store delivers them`,
      ...summary,
    })
    return 0
  } finally {
    await store.close()
  }
}

async function runServer(options: Extract<CliCommand, { kind: 'serve' }>['options']): Promise<number> {
  const log = atLevel(jsonLinesLogger(), options.logLevel ?? 'info')
  // Listened for before the receiver starts: a signal during start-up (the store opening, the
  // `listening` line just written) shuts it down as gracefully as one later.
  const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off(signal === 'SIGTERM' ? 'SIGINT' : 'SIGTERM', onSignal)
      process.once(signal, () => process.exit(1))
      resolve(signal)
    }
    process.once('SIGTERM', onSignal)
    process.once('SIGINT', onSignal)
  })
  const receiver = await serve({ ...options, logger: log })
  const signal = await stopSignal
  log({
    level: 'info',
    event: 'shutdown',
    message: `${signal}: no new connections; answering the requests in flight, then finishing or releasing the batch being sent`,
  })
  try {
    await receiver.close()
  } catch (error) {
    log({ level: 'error', event: 'shutdown', message: error instanceof Error ? error.message : String(error) })
  }
  return 0
}

main().then(
  (code) => {
    // Everything was answered and stored: exit even if a keep-alive socket or timer lingers.
    process.exit(code)
  },
  (error: unknown) => {
    // Start-up failures (a store that cannot be opened, a port in use) and failed backfills end here.
    // Exit once the message is written, whatever a failed start left behind.
    process.stderr.write(`${commandName}: ${error instanceof Error ? error.message : String(error)}\n`, () => {
      process.exit(1)
    })
  },
)
