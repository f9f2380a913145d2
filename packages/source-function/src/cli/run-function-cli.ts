/**
 * `fingerprint-segment-function`: the command that deploys the Source Function through Segment's
 * Public API (`deploy`), writes the pasteable file (`bundle`) and prints the settings to declare
 * by hand (`settings`). Everything it touches is passed in, so tests run it in-process.
 */
import { codeFingerprint, describeCode } from '../deploy/code-fingerprint'
import { desiredFunction } from '../deploy/desired-function'
import { createPublicApiClient } from '../deploy/public-api-client'
import { defaultRetryPolicy, type RetryPolicy } from '../deploy/public-api-retry'
import { runDeploy } from '../deploy/run-deploy'
import { packageVersion } from '../lib/package-version'
import {
  functionCliUsage,
  functionCommandName,
  FunctionCliUsageError,
  parseFunctionCli,
  type DeployCommandOptions,
  type FunctionCliCommand,
} from './function-cli-options'
import { settingsCommandText } from './settings-command'

export interface FunctionCliContext {
  readonly argv: readonly string[]
  readonly env: Readonly<Record<string, string | undefined>>
  /** Standard output and error, as text. */
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
  /** The pasteable bundle's text (`dist/segment-source-function.js`). */
  readonly readBundle: () => string
  readonly writeFile: (path: string, text: string) => void
  /** @default the global fetch */
  readonly fetch?: typeof fetch
  /** Waits between retries. @default a timer */
  readonly sleep?: (ms: number) => Promise<void>
  /** @default defaultRetryPolicy */
  readonly retryPolicy?: RetryPolicy
}

/** Runs one command line; resolves to the exit code: 0 done, 1 failed or refused, 2 a usage error. */
export async function runFunctionCli(context: FunctionCliContext): Promise<number> {
  let command: FunctionCliCommand
  try {
    command = parseFunctionCli(context.argv, context.env)
  } catch (error) {
    if (!(error instanceof FunctionCliUsageError)) throw error
    context.stderr(`${functionCommandName}: ${error.message}\nRun "${functionCommandName} --help" for the options.\n`)
    return 2
  }
  switch (command.kind) {
    case 'help':
      context.stdout(functionCliUsage)
      return 0
    case 'version':
      context.stdout(`${packageVersion}\n`)
      return 0
    case 'settings':
      context.stdout(settingsCommandText())
      return 0
    case 'bundle':
      return bundle(context, command.out)
    case 'deploy':
      return deploy(withTokenRedacted(context, command.options.token), command.options)
  }
}

function bundle(context: FunctionCliContext, out: string): number {
  const code = context.readBundle()
  if (out === '-') {
    context.stdout(code)
    return 0
  }
  context.writeFile(out, code)
  context.stdout(
    [
      `Wrote ${out} (${describeCode(codeFingerprint(code))}).`,
      'Paste it whole into Segment: Connections > Catalog > Functions > New Function > Source > Build.',
      `Then declare its settings in the Settings tab: ${functionCommandName} settings`,
      '',
    ].join('\n'),
  )
  return 0
}

async function deploy(context: FunctionCliContext, options: DeployCommandOptions): Promise<number> {
  const policy = context.retryPolicy ?? defaultRetryPolicy
  const client = createPublicApiClient({
    baseUrl: options.baseUrl,
    token: options.token,
    retryPolicy: policy,
    ...(context.fetch === undefined ? {} : { fetch: context.fetch }),
    ...(context.sleep === undefined ? {} : { sleep: context.sleep }),
    onRetry: (notice) => {
      const answer = notice.status === undefined ? 'no answer' : `answer ${notice.status}`
      context.stderr(
        `${answer} to ${notice.method} ${notice.path}; trying again in ${Math.ceil(notice.waitMs / 1000)} s (attempt ${notice.nextAttempt} of ${policy.maxAttempts}).\n`,
      )
    },
  })
  const result = await runDeploy({
    client,
    desired: desiredFunction(context.readBundle(), options.name),
    prune: options.prune,
    dryRun: options.dryRun,
    print: (line) => context.stdout(`${line}\n`),
    printError: (line) => context.stderr(`${line}\n`),
    rerunCommand: options.rerunCommand,
  })
  return result.kind === 'failed' || result.kind === 'refused' ? 1 : 0
}

/** The context with every occurrence of the token in its output replaced: it is never printed, whatever a message holds. */
function withTokenRedacted(context: FunctionCliContext, token: string): FunctionCliContext {
  const redact = (text: string): string => text.split(token).join('[SEGMENT_PUBLIC_API_TOKEN]')
  return { ...context, stdout: (text) => context.stdout(redact(text)), stderr: (text) => context.stderr(redact(text)) }
}
