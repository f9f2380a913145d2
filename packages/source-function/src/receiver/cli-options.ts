import { parseArgs } from 'node:util'
import { pipelineSettingsSchema, type PipelineSettings } from '../pipeline/pipeline-settings'
import { readSettings, type SettingSource } from '../settings/read-settings'
import { describeDefault, type SettingDeclaration } from '../settings/setting-declaration'
import { booleanKind } from '../settings/setting-kinds'
import { receiverSettingsSchema, type ReceiverSettings } from './receiver-settings'
import type { ServeOptions } from './serve'

/** The command's name, as installed by the package's `bin`. */
export const commandName = 'fingerprint-segment'

/** A command line the CLI cannot run; printed with a hint to `--help`, exit code 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError'
}

/** What the command line asks for. */
export type CliCommand =
  { kind: 'help' } | { kind: 'version' } | { kind: 'serve'; options: Omit<ServeOptions, 'logger'> }

/** One flag of the command, from a setting declaration or one of its own. */
interface CliFlag {
  flag: string
  env?: string
  type: 'string' | 'boolean'
  help: string
}

const ownFlags: readonly CliFlag[] = [
  { flag: 'help', type: 'boolean', help: 'print this help' },
  { flag: 'version', type: 'boolean', help: 'print the version' },
]

function declarationFlags(schema: Readonly<Record<string, SettingDeclaration<unknown>>>): CliFlag[] {
  return Object.values(schema).map((declaration) => ({
    flag: declaration.flag,
    env: declaration.env,
    type: declaration.kind === booleanKind ? 'boolean' : 'string',
    help: `${declaration.summary} (default: ${describeDefault(declaration)})`,
  }))
}

/** Every flag, in the order `--help` lists them: the receiver's, the pipeline's, then help and version. */
export const cliFlags: readonly CliFlag[] = [
  ...declarationFlags(receiverSettingsSchema),
  ...declarationFlags(pipelineSettingsSchema),
  ...ownFlags,
]

/** Strips the Markdown code marks the summaries use in the README. */
const plain = (text: string): string => text.replace(/`/g, '')

export const cliUsage = `Usage: ${commandName} serve [options]

Receives Fingerprint webhooks and forwards their Segment calls to the tracking API,
answering 2xx only once the calls were accepted (503 otherwise, so Fingerprint retries).

Options (each also read from the environment variable shown; a flag wins):
${cliFlags
  .map((option) => {
    const name = `--${option.flag}${option.type === 'string' ? ' <value>' : ''}`
    return `  ${name.padEnd(32)}${(option.env ?? '').padEnd(36)}${plain(option.help)}`
  })
  .join('\n')}
`

/**
 * Reads the command line and the environment into what the CLI runs. Pure: nothing is read but
 * its arguments.
 *
 * @throws CliUsageError naming the flag or variable at fault
 */
export function parseCli(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): CliCommand {
  const { values, positionals } = parseFlags(argv)
  if (values.help === true || positionals[0] === 'help') return { kind: 'help' }
  if (values.version === true) return { kind: 'version' }
  if (positionals.length !== 1 || positionals[0] !== 'serve') {
    throw new CliUsageError(
      positionals.length === 0
        ? 'Missing the command: serve.'
        : `Unknown command: ${positionals.join(' ')} (expected: serve).`,
    )
  }
  const source: SettingSource = {
    lookup: (declaration) => values[declaration.flag] ?? env[declaration.env],
    describe: (declaration) => (values[declaration.flag] === undefined ? declaration.env : `--${declaration.flag}`),
    fail: (message) => new CliUsageError(message),
  }
  const receiver: Partial<ReceiverSettings> = readSettings(receiverSettingsSchema, source)
  const settings: Partial<PipelineSettings> = readSettings(pipelineSettingsSchema, source)
  if (receiver.writeKey === undefined) {
    throw new CliUsageError('The Segment write key is required: --write-key or SEGMENT_WRITE_KEY.')
  }
  return { kind: 'serve', options: { ...receiver, writeKey: receiver.writeKey, settings } }
}

function parseFlags(argv: readonly string[]): {
  values: Record<string, string | boolean | undefined>
  positionals: string[]
} {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(cliFlags.map((option) => [option.flag, { type: option.type }])),
    })
  } catch (error) {
    const code = (error as { code?: unknown }).code
    const flag = /'(--?[\w-]+)/.exec(error instanceof Error ? error.message : '')?.[1]
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
      throw new CliUsageError(`Unknown flag ${flag ?? ''}.`.replace(' .', '.'))
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      throw new CliUsageError(`The flag ${flag ?? ''} needs a value, or takes none.`)
    }
    throw new CliUsageError(error instanceof Error ? error.message : String(error))
  }
}
