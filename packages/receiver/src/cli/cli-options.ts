import { parseCliFlags } from '@fingerprint-segment/source-function/internal'
import { readFileSync } from 'node:fs'
import { pipelineSettingsSchema, type PipelineSettings } from '@fingerprint-segment/source-function'
import { readSettings, type SettingSource } from '@fingerprint-segment/source-function/internal'
import { describeDefault, type SettingDeclaration } from '@fingerprint-segment/source-function/internal'
import { booleanKind } from '@fingerprint-segment/source-function/internal'
import { backfillSettingsSchema, type BackfillSettings } from '../settings/backfill-settings'
import { readBackfillTime } from '../settings/backfill-time'
import { deadLetterSettingsSchema } from '../settings/dead-letter-settings'
import { receiverSettingsSchema, type ReceiverSettings } from '../settings/receiver-settings'
import { isSecretSetting, secretFileNames, secretFromFile } from '../settings/secret-settings'
import type { ServeOptions } from '../service/serve'
import type { DeadLetterFilter } from '../store/call-store'

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

/** What `fingerprint-segment dead-letters` does with the dead letters its filter takes. */
export const deadLetterActions = ['list', 'requeue', 'purge'] as const
export type DeadLetterAction = (typeof deadLetterActions)[number]

/** What `fingerprint-segment dead-letters <action>` runs with. */
export interface DeadLettersCommandOptions {
  action: DeadLetterAction
  store: string
  filter: DeadLetterFilter
  /** `list`: the most printed. */
  limit: number
}

/** What the command line asks for. */
export type CliCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'serve'; options: Omit<ServeOptions, 'logger'> }
  | { kind: 'backfill'; options: BackfillCommandOptions }
  | { kind: 'status'; store: string }
  | { kind: 'dead-letters'; options: DeadLettersCommandOptions }

/** What `parseCli` may read besides its arguments. */
export interface CliContext {
  /** Reads a secret's file. @default fs.readFileSync as UTF-8 */
  readonly readFile?: (path: string) => string
  /** Now, for relative times (`6h`). @default Date.now() */
  readonly now?: number
}

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
  'dead-letters': {
    summary: `${deadLetterActions.join('|')}: print, put back in the queue, or delete the dead letters a filter takes (beside a running receiver)`,
    schemas: [deadLetterSettingsSchema, only(receiverDeclarations, ['store'])],
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
    Object.values(schema).flatMap((declaration) => {
      const flag: CliFlag = {
        flag: declaration.flag,
        env: declaration.env,
        type: declaration.kind === booleanKind ? 'boolean' : 'string',
        help: `${declaration.summary} (default: ${describeDefault(declaration)})`,
      }
      if (!isSecretSetting(declaration)) return [flag]
      const file = secretFileNames(declaration)
      return [
        flag,
        { ...file, type: 'string', help: `a file holding --${declaration.flag} (a secret)` } satisfies CliFlag,
      ]
    }),
  )
}

const flagsByCommand: Readonly<Record<CommandName, readonly CliFlag[]>> = {
  serve: declarationFlags(commands.serve.schemas),
  backfill: declarationFlags(commands.backfill.schemas),
  status: declarationFlags(commands.status.schemas),
  'dead-letters': declarationFlags(commands['dead-letters'].schemas),
}

/** Every flag of every command (each once), then help and version. */
export const cliFlags: readonly CliFlag[] = [
  ...new Map(commandNames.flatMap((name) => flagsByCommand[name]).map((flag) => [flag.flag, flag])).values(),
  ...ownFlags,
]

/** Strips the Markdown code marks the summaries use in the README. */
const plain = (text: string): string => text.replace(/`/g, '')

const flagName = (option: CliFlag): string => `--${option.flag}${option.type === 'string' ? ' <value>' : ''}`
/** The columns of `--help`: as wide as their longest entry, two spaces apart. */
const nameWidth = Math.max(...cliFlags.map((option) => flagName(option).length)) + 2
const envWidth = Math.max(...cliFlags.map((option) => (option.env ?? '').length)) + 2
const flagLine = (option: CliFlag): string =>
  `  ${flagName(option).padEnd(nameWidth)}${(option.env ?? '').padEnd(envWidth)}${plain(option.help)}`

/** The commands column of `--help`: as wide as the longest command name, two spaces apart. */
const commandWidth = Math.max(...commandNames.map((name) => name.length)) + 2

export const cliUsage = `Usage: ${commandName} <command> [options]

Commands:
${commandNames.map((name) => `  ${name.padEnd(commandWidth)}${commands[name].summary}`).join('\n')}

Every webhook is answered 2xx only once its calls are committed to the store; the deliverer sends
them to the tracking API until it accepts them (2xx), and keeps them through outages.
Each option is also read from the environment variable shown; a flag wins. A secret is also read
from a file: --<flag>-file or <VARIABLE>_FILE.
${commandNames.map((name) => `\nOptions of ${name}:\n${flagsByCommand[name].map(flagLine).join('\n')}`).join('\n')}

${ownFlags.map(flagLine).join('\n')}
`

/**
 * Reads the command line and the environment into what the CLI runs. Pure: nothing is read but
 * its arguments (and the secret files they name, through `context.readFile`).
 *
 * @throws CliUsageError naming the flag or variable at fault
 */
export function parseCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  context: CliContext = {},
): CliCommand {
  const { values, positionals } = parseCliFlags(argv, cliFlags, (message) => new CliUsageError(message))
  if (values.help === true || positionals[0] === 'help') return { kind: 'help' }
  if (values.version === true) return { kind: 'version' }
  const name = positionals[0]
  const expectedPositionals = name === 'dead-letters' ? 2 : 1
  if (positionals.length !== expectedPositionals || !isCommandName(name)) {
    throw new CliUsageError(
      positionals.length === 0
        ? `Missing the command: ${commandNames.join(', ')}.`
        : name === 'dead-letters'
          ? `dead-letters takes one action: ${deadLetterActions.join(', ')}.`
          : `Unknown command: ${positionals.join(' ')} (expected: ${commandNames.join(', ')}).`,
    )
  }
  const allowed = new Set(flagsByCommand[name].map((option) => option.flag))
  for (const flag of Object.keys(values)) {
    if (!allowed.has(flag)) throw new CliUsageError(`The flag --${flag} is not an option of ${name}.`)
  }
  const source = settingSource(values, env, context.readFile ?? ((path) => readFileSync(path, 'utf8')))
  const defaultStore = receiverSettingsSchema.store.default

  if (name === 'dead-letters') {
    const action = positionals[1]
    if (!isDeadLetterAction(action)) {
      throw new CliUsageError(
        `Unknown dead-letters action: ${action ?? ''} (expected: ${deadLetterActions.join(', ')}).`,
      )
    }
    const { store = defaultStore } = readSettings(receiverSettingsSchema, withOnly(source, ['store']))
    const given = readSettings(deadLetterSettingsSchema, source)
    const now = context.now ?? Date.now()
    const time = (text: string | undefined): number | undefined =>
      text === undefined ? undefined : readBackfillTime(text, now)
    const messageIds = given.messageIds
      ?.split(',')
      .map((id) => id.trim())
      .filter((id) => id !== '')
    const failedFrom = time(given.failedSince)
    const failedUntil = time(given.failedUntil)
    const filter: DeadLetterFilter = {
      ...(messageIds === undefined || messageIds.length === 0 ? {} : { messageIds }),
      ...(given.eventId === undefined ? {} : { eventId: given.eventId }),
      ...(given.type === undefined ? {} : { type: given.type }),
      ...(given.reason === undefined ? {} : { reasonContains: given.reason }),
      ...(failedFrom === undefined ? {} : { failedFrom }),
      ...(failedUntil === undefined ? {} : { failedUntil }),
    }
    if (action !== 'list' && Object.keys(filter).length === 0 && given.all !== true) {
      throw new CliUsageError(
        `dead-letters ${action} without a filter takes every dead letter: say so with --all, or filter (--event-id, --type, --reason, --message-ids, --failed-since, --failed-until).`,
      )
    }
    return {
      kind: 'dead-letters',
      options: { action, store, filter, limit: given.limit ?? deadLetterSettingsSchema.limit.default },
    }
  }

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

function isDeadLetterAction(action: string | undefined): action is DeadLetterAction {
  return (deadLetterActions as readonly (string | undefined)[]).includes(action)
}

/**
 * The command line and the environment as a settings source: a flag wins over its variable; a
 * secret is also read from the file `--<flag>-file` or `<VARIABLE>_FILE` names (a setting given both
 * as itself and as a file, in the flags or in the environment, is refused).
 */
function settingSource(
  values: Readonly<Record<string, string | boolean | undefined>>,
  env: Readonly<Record<string, string | undefined>>,
  readFile: (path: string) => string,
): SettingSource {
  const fromFile = (path: string, named: string): string => {
    try {
      return secretFromFile(readFile(path))
    } catch (error) {
      throw new CliUsageError(
        `${named} names a file that cannot be read: ${error instanceof Error ? error.message : String(error)}`,
      )
    }
  }
  const pick = (declaration: SettingDeclaration<unknown>): { value: unknown; named: string } | undefined => {
    const file = isSecretSetting(declaration) ? secretFileNames(declaration) : undefined
    const flagValue = values[declaration.flag]
    const flagFile = file === undefined ? undefined : values[file.flag]
    if (flagValue !== undefined && flagFile !== undefined) {
      throw new CliUsageError(`--${declaration.flag} and --${file?.flag ?? ''} are both given: keep one.`)
    }
    if (flagValue !== undefined) return { value: flagValue, named: `--${declaration.flag}` }
    if (typeof flagFile === 'string')
      return { value: fromFile(flagFile, `--${file?.flag ?? ''}`), named: `--${file?.flag ?? ''}` }
    const envValue = env[declaration.env]
    const envFile = file === undefined ? undefined : env[file.env]
    if (envValue !== undefined && envValue !== '' && envFile !== undefined && envFile !== '') {
      throw new CliUsageError(`${declaration.env} and ${file?.env ?? ''} are both set: keep one.`)
    }
    if (envFile !== undefined && envFile !== '')
      return { value: fromFile(envFile, file?.env ?? ''), named: file?.env ?? '' }
    return envValue === undefined ? undefined : { value: envValue, named: declaration.env }
  }
  return {
    lookup: (declaration) => pick(declaration)?.value,
    describe: (declaration) => pick(declaration)?.named ?? declaration.env,
    fail: (message) => new CliUsageError(message),
  }
}

/** `source` restricted to the settings under `keys` (the others read as not given). */
function withOnly(source: SettingSource, keys: readonly string[]): SettingSource {
  return { ...source, lookup: (declaration, key) => (keys.includes(key) ? source.lookup(declaration, key) : undefined) }
}
