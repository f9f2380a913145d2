import { parseCliFlags, type ParsedCliFlags } from './parse-cli-flags'
import { defaultDisplayName } from '../deploy/desired-function'
import { tokenSettingsPath, tokenVariable } from '../deploy/public-api-failure'
import {
  isWorkspaceRegion,
  publicApiBaseUrl,
  workspaceRegions,
  type WorkspaceRegion,
} from '../deploy/public-api-regions'

/** The command's name, as the package's `bin` installs it. */
export const functionCommandName = 'fingerprint-segment-function'

/** The variable that points the command at another Public API host (a staging host, a local stand-in). */
export const apiUrlVariable = 'SEGMENT_PUBLIC_API_URL'

/** Where `bundle` writes unless told otherwise. */
export const defaultBundleFile = 'segment-source-function.js'

/** A command line the command cannot run: printed with a hint to `--help`, exit code 2. */
export class FunctionCliUsageError extends Error {
  override readonly name = 'FunctionCliUsageError'
}

/** What `deploy` runs with. */
export interface DeployCommandOptions {
  /** The function's display name, which `deploy` finds it by. */
  readonly name: string
  readonly region: WorkspaceRegion
  /** The Public API base URL: `--api-url`, `SEGMENT_PUBLIC_API_URL`, or Segment's host for the region. */
  readonly baseUrl: string
  /** The Public API token, from `SEGMENT_PUBLIC_API_TOKEN` only. */
  readonly token: string
  readonly prune: boolean
  readonly dryRun: boolean
  /** The command line that runs this deploy again (no token, no `--dry-run`, no `--prune`). */
  readonly rerunCommand: string
}

export type FunctionCliCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'deploy'; readonly options: DeployCommandOptions }
  /** `out` is `-` for standard output. */
  | { readonly kind: 'bundle'; readonly out: string }
  | { readonly kind: 'settings' }

interface FlagHelp {
  readonly flag: string
  readonly type: 'string' | 'boolean'
  readonly help: string
}

/** Each command: what it does and its flags. */
const commands = {
  deploy: {
    summary:
      'create or update the Source Function in your Segment workspace through the Public API (code and settings), then deploy it to its sources; a second run changes nothing',
    flags: [
      {
        flag: 'name',
        type: 'string',
        help: `the function's display name, which deploy finds it by (default: "${defaultDisplayName}")`,
      },
      {
        flag: 'workspace-region',
        type: 'string',
        help: `the region of your Segment workspace: ${workspaceRegions.join(' or ')} (default: us)`,
      },
      {
        flag: 'api-url',
        type: 'string',
        help: `the Public API base URL (also ${apiUrlVariable}; default: Segment's host for the region)`,
      },
      { flag: 'dry-run', type: 'boolean', help: 'send nothing but GET requests; print what would be sent' },
      {
        flag: 'prune',
        type: 'boolean',
        help: 'remove settings the function declares and this version does not read (their values in your sources are dropped)',
      },
    ],
  },
  bundle: {
    summary: "write the pasteable Source Function, for Segment's Functions editor",
    flags: [
      { flag: 'out', type: 'string', help: `the file to write, - for standard output (default: ${defaultBundleFile})` },
    ],
  },
  settings: {
    summary:
      "print the settings to declare by hand in the function's Settings tab (Label, Name, Type, Encrypted, default)",
    flags: [],
  },
} as const

type CommandName = keyof typeof commands
const commandsByName: Readonly<Record<CommandName, { summary: string; flags: readonly FlagHelp[] }>> = commands
const commandNames = Object.keys(commands) as CommandName[]
const ownFlags: readonly FlagHelp[] = [
  { flag: 'help', type: 'boolean', help: 'print this help' },
  { flag: 'version', type: 'boolean', help: 'print the version' },
]
const everyFlag: readonly FlagHelp[] = [...commandNames.flatMap((name) => commandsByName[name].flags), ...ownFlags]

const flagLine = (option: FlagHelp): string =>
  `  ${`--${option.flag}${option.type === 'string' ? ' <value>' : ''}`.padEnd(28)}${option.help}`

export const functionCliUsage = `Usage: ${functionCommandName} <command> [options]

Commands:
${commandNames.map((name) => `  ${name.padEnd(10)}${commandsByName[name].summary}`).join('\n')}
${commandNames
  .filter((name) => commandsByName[name].flags.length > 0)
  .map((name) => `\nOptions of ${name}:\n${commandsByName[name].flags.map(flagLine).join('\n')}`)
  .join('\n')}

${ownFlags.map(flagLine).join('\n')}

deploy reads the Public API token from ${tokenVariable} only (never from a flag): a Workspace Owner
makes one under ${tokenSettingsPath}.
`

/**
 * Reads the command line and the environment. Pure: nothing is read but its arguments.
 *
 * @throws FunctionCliUsageError naming the flag or variable at fault
 */
export function parseFunctionCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): FunctionCliCommand {
  const { values, positionals } = parseFlags(argv)
  if (values.help === true || positionals[0] === 'help') return { kind: 'help' }
  if (values.version === true) return { kind: 'version' }
  const name = positionals[0]
  if (positionals.length !== 1 || name === undefined || !Object.hasOwn(commands, name)) {
    throw new FunctionCliUsageError(
      positionals.length === 0
        ? `Missing the command: ${commandNames.join(', ')}.`
        : `Unknown command: ${positionals.join(' ')} (expected: ${commandNames.join(', ')}).`,
    )
  }
  const command = name as CommandName
  const allowed = new Set<string>([...commandsByName[command].flags.map((flag) => flag.flag), 'help', 'version'])
  for (const flag of Object.keys(values)) {
    if (!allowed.has(flag)) throw new FunctionCliUsageError(`The flag --${flag} is not an option of ${command}.`)
  }
  const text = (flag: string): string | undefined => {
    const value = values[flag]
    return typeof value === 'string' ? value : undefined
  }
  switch (command) {
    case 'settings':
      return { kind: 'settings' }
    case 'bundle':
      return { kind: 'bundle', out: text('out') ?? defaultBundleFile }
    case 'deploy':
      return { kind: 'deploy', options: deployOptions(text, values, env) }
  }
}

function deployOptions(
  text: (flag: string) => string | undefined,
  values: Readonly<Record<string, string | boolean | undefined>>,
  env: Readonly<Record<string, string | undefined>>,
): DeployCommandOptions {
  const displayName = (text('name') ?? defaultDisplayName).trim()
  if (displayName === '') throw new FunctionCliUsageError('--name must not be empty.')
  const regionText = (text('workspace-region') ?? 'us').trim().toLowerCase()
  if (!isWorkspaceRegion(regionText)) {
    throw new FunctionCliUsageError(
      `--workspace-region must be ${workspaceRegions.join(' or ')}, got ${JSON.stringify(text('workspace-region'))}.`,
    )
  }
  const apiUrlFlag = text('api-url')
  const apiUrlEnv = env[apiUrlVariable]?.trim()
  const apiUrl = apiUrlFlag ?? (apiUrlEnv === '' ? undefined : apiUrlEnv)
  let baseUrl: string
  try {
    baseUrl = publicApiBaseUrl(regionText, apiUrl)
  } catch (error) {
    const source = apiUrlFlag === undefined ? apiUrlVariable : '--api-url'
    throw new FunctionCliUsageError(`${source}: ${error instanceof Error ? error.message : String(error)}`)
  }
  const token = env[tokenVariable]?.trim() ?? ''
  if (token === '') {
    throw new FunctionCliUsageError(
      `Set ${tokenVariable} to a Public API token of your workspace (a Workspace Owner makes one under ${tokenSettingsPath}). The token is read from the environment only, never from a flag.`,
    )
  }
  const rerun = [
    functionCommandName,
    'deploy',
    ...(displayName === defaultDisplayName ? [] : ['--name', JSON.stringify(displayName)]),
    ...(regionText === 'us' ? [] : ['--workspace-region', regionText]),
    ...(apiUrlFlag === undefined ? [] : ['--api-url', apiUrlFlag]),
  ].join(' ')
  return {
    name: displayName,
    region: regionText,
    baseUrl,
    token,
    prune: values.prune === true,
    dryRun: values['dry-run'] === true,
    rerunCommand: rerun,
  }
}

function parseFlags(argv: readonly string[]): ParsedCliFlags {
  return parseCliFlags(
    argv,
    everyFlag,
    (message) => new FunctionCliUsageError(message),
    (flag) =>
      flag === '--token'
        ? `There is no --token flag: a command line is visible to other users of the machine and kept in shell history. Set ${tokenVariable} instead.`
        : undefined,
  )
}
