import { parseArgs } from 'node:util'
import { pipelineSettingsSchema, type PipelineSettings } from '@fingerprint-segment/source-function'
import { readSettings, type SettingSource } from '@fingerprint-segment/source-function/internal'
import { describeDefault, type SettingDeclaration } from '@fingerprint-segment/source-function/internal'
import { booleanKind } from '@fingerprint-segment/source-function/internal'
import { backfillSettingsSchema, type BackfillSettings } from '../settings/backfill-settings'
import { receiverSettingsSchema, type ReceiverSettings } from '../settings/receiver-settings'
import type { ServeOptions } from '../service/serve'

/** The command's name, as installed by the package's `bin`. */
export const commandName = 'fingerprint-segment'

/** A command line the CLI cannot run; printed with a hint to `--help`, exit code 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError'
}

/** What `fingerprint-segment backfill` runs with. */
export interface BackfillCommandOptions extends BackfillSettings {
  store: string
  /** The pipeline settings; `fingerprintServerApiKey` is required (the search needs it). */
  settings: Partial<PipelineSettings>
}

/** What the command line asks for. */
export type CliCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'serve'; options: Omit<ServeOptions, 'logger'> }
  | { kind: 'backfill'; options: BackfillCommandOptions }
  | { kind: 'status'; store: string }

type Declarations = Readonly<Record<string, SettingDeclaration<unknown>>>

/** The declarations of `schema` under `keys` only. */
function only(schema: Declarations, keys: readonly string[]): Declarations {
  return Object.fromEntries(Object.entries(schema).filter(([key]) => keys.includes(key)))
}
function without(schema: Declarations, keys: readonly string[]): Declarations {
  return Object.fromEntries(Object.entries(schema).filter(([key]) => !keys.includes(key)))
}

const receiverDeclarations = receiverSettingsSchema as Declarations
const pipelineDeclarations = pipelineSettingsSchema as Declarations
/** The pipeline settings that apply to events from the Server API's search (no webhook to check). */
const backfillPipelineDeclarations = without(pipelineDeclarations, ['webhookSecrets', 'webhookTokens'])

/** Each command: what it does, and the settings it reads (their flags are its options). */
const commands = {
  serve: {
    summary: 'receive Fingerprint webhooks, store their Segment calls, deliver them to the tracking API',
    schemas: [receiverDeclarations, pipelineDeclarations],
  },
  backfill: {
    summary:
      "recover the events of a time range from Fingerprint's Server API into the store (a second run stores nothing twice)",
    schemas: [backfillSettingsSchema, only(receiverDeclarations, ['store']), backfillPipelineDeclarations],
  },
  status: {
    summary: "print the store's queue and its newest dead letters, as JSON",
    schemas: [only(receiverDeclarations, ['store'])],
  },
} as const satisfies Record<string, { summary: string; schemas: readonly Declarations[] }>

type CommandName = keyof typeof commands
const commandNames = Object.keys(commands) as CommandName[]

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

function declarationFlags(schemas: readonly Declarations[]): CliFlag[] {
  return schemas.flatMap((schema) =>
    Object.values(schema).map((declaration) => ({
      flag: declaration.flag,
      env: declaration.env,
      type: declaration.kind === booleanKind ? ('boolean' as const) : ('string' as const),
      help: `${declaration.summary} (default: ${describeDefault(declaration)})`,
    })),
  )
}

const flagsByCommand: Readonly<Record<CommandName, readonly CliFlag[]>> = {
  serve: declarationFlags(commands.serve.schemas),
  backfill: declarationFlags(commands.backfill.schemas),
  status: declarationFlags(commands.status.schemas),
}

/** Every flag of every command (each once), then help and version. */
export const cliFlags: readonly CliFlag[] = [
  ...new Map(commandNames.flatMap((name) => flagsByCommand[name]).map((flag) => [flag.flag, flag])).values(),
  ...ownFlags,
]

/** Strips the Markdown code marks the summaries use in the README. */
const plain = (text: string): string => text.replace(/`/g, '')

const flagLine = (option: CliFlag): string => {
  const name = `--${option.flag}${option.type === 'string' ? ' <value>' : ''}`
  return `  ${name.padEnd(32)}${(option.env ?? '').padEnd(36)}${plain(option.help)}`
}

export const cliUsage = `Usage: ${commandName} <command> [options]

Commands:
${commandNames.map((name) => `  ${name.padEnd(10)}${commands[name].summary}`).join('\n')}

Every webhook is answered 2xx only once its calls are committed to the store; the deliverer sends
them to the tracking API until it accepts them (2xx), and keeps them through outages.
Each option is also read from the environment variable shown; a flag wins.
${commandNames.map((name) => `\nOptions of ${name}:\n${flagsByCommand[name].map(flagLine).join('\n')}`).join('\n')}

${ownFlags.map(flagLine).join('\n')}
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
  const name = positionals[0]
  if (positionals.length !== 1 || !isCommandName(name)) {
    throw new CliUsageError(
      positionals.length === 0
        ? `Missing the command: ${commandNames.join(', ')}.`
        : `Unknown command: ${positionals.join(' ')} (expected: ${commandNames.join(', ')}).`,
    )
  }
  const allowed = new Set(flagsByCommand[name].map((option) => option.flag))
  for (const flag of Object.keys(values)) {
    if (!allowed.has(flag)) throw new CliUsageError(`The flag --${flag} is not an option of ${name}.`)
  }
  const source: SettingSource = {
    lookup: (declaration) => values[declaration.flag] ?? env[declaration.env],
    describe: (declaration) => (values[declaration.flag] === undefined ? declaration.env : `--${declaration.flag}`),
    fail: (message) => new CliUsageError(message),
  }
  const defaultStore = receiverSettingsSchema.store.default

  if (name === 'status') {
    const { store = defaultStore } = readSettings(receiverSettingsSchema, withOnly(source, ['store']))
    return { kind: 'status', store }
  }
  if (name === 'backfill') {
    const { store = defaultStore } = readSettings(receiverSettingsSchema, withOnly(source, ['store']))
    const range = readSettings(backfillSettingsSchema, source)
    const settings: Partial<PipelineSettings> = readSettings(
      pipelineSettingsSchema,
      withOnly(source, Object.keys(backfillPipelineDeclarations)),
    )
    if (range.since === undefined) {
      throw new CliUsageError('The start of the range is required: --since or FINGERPRINT_BACKFILL_SINCE.')
    }
    if (settings.fingerprintServerApiKey === undefined) {
      throw new CliUsageError(
        "A secret Server API key is required to search Fingerprint's events: --server-api-key or FINGERPRINT_SERVER_API_KEY.",
      )
    }
    return { kind: 'backfill', options: { store, since: range.since, until: range.until ?? '', settings } }
  }
  const receiver: Partial<ReceiverSettings> = readSettings(receiverSettingsSchema, source)
  const settings: Partial<PipelineSettings> = readSettings(pipelineSettingsSchema, source)
  if (receiver.writeKey === undefined) {
    throw new CliUsageError('The Segment write key is required: --write-key or SEGMENT_WRITE_KEY.')
  }
  return { kind: 'serve', options: { ...receiver, writeKey: receiver.writeKey, settings } }
}

function isCommandName(name: string | undefined): name is CommandName {
  return name !== undefined && Object.hasOwn(commands, name)
}

/** `source` restricted to the settings under `keys` (the others read as not given). */
function withOnly(source: SettingSource, keys: readonly string[]): SettingSource {
  return { ...source, lookup: (declaration, key) => (keys.includes(key) ? source.lookup(declaration, key) : undefined) }
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
