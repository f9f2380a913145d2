import { parseArgs } from 'node:util'
import type { WebhookHandlerOptions } from './create-webhook-handler'

/** A command line the CLI cannot run; printed with a hint to `--help`, exit code 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError'
}

/** What the command line asks for. */
export type CliCommand =
  { kind: 'help' } | { kind: 'serve'; port: number; host: string; handler: Omit<WebhookHandlerOptions, 'logger'> }

/** One option: its flag, the environment variable read when the flag is absent, and its help line. */
interface CliOption {
  flag: string
  env?: string
  type: 'string' | 'boolean'
  /** The function setting it feeds, if any. */
  setting?: string
  help: string
}

export const cliOptions: readonly CliOption[] = [
  { flag: 'port', env: 'PORT', type: 'string', help: 'port to listen on (default 8080; 0 picks a free one)' },
  { flag: 'host', env: 'HOST', type: 'string', help: 'address to listen on (default 0.0.0.0)' },
  { flag: 'write-key', env: 'SEGMENT_WRITE_KEY', type: 'string', help: 'write key of the Segment source (required)' },
  {
    flag: 'tracking-host',
    env: 'SEGMENT_HOST',
    type: 'string',
    help: "tracking API base URL (default Segment's, https://api.segment.io)",
  },
  {
    flag: 'tracking-path',
    env: 'SEGMENT_PATH',
    type: 'string',
    help: 'batch path on the tracking host (default /v1/batch)',
  },
  {
    flag: 'webhook-secret',
    env: 'FINGERPRINT_WEBHOOK_SECRET',
    type: 'string',
    setting: 'webhookSecret',
    help: 'Fingerprint webhook secret(s), comma-separated; signatures required when set',
  },
  {
    flag: 'identity-secret',
    env: 'FINGERPRINT_IDENTITY_SECRET',
    type: 'string',
    setting: 'identitySecret',
    help: 'secret(s) shared with your backend for identity proofs',
  },
  {
    flag: 'max-event-age-seconds',
    env: 'FINGERPRINT_MAX_EVENT_AGE_SECONDS',
    type: 'string',
    setting: 'maxEventAgeSeconds',
    help: 'reject older events; 0 turns the check off (default 1800)',
  },
  {
    flag: 'replayed-events',
    env: 'FINGERPRINT_REPLAYED_EVENTS',
    type: 'string',
    setting: 'replayedEvents',
    help: 'flag or drop events Fingerprint marks replayed (default flag)',
  },
  {
    flag: 'risk-rules',
    env: 'FINGERPRINT_RISK_RULES',
    type: 'string',
    setting: 'riskRules',
    help: 'JSON overrides of the risk verdict rules (default rules)',
  },
  {
    flag: 'emit-risk-assessment',
    env: 'FINGERPRINT_EMIT_RISK_ASSESSMENT',
    type: 'boolean',
    setting: 'emitRiskAssessment',
    help: 'also emit a Device Risk Assessed Track call (default false)',
  },
  {
    flag: 'delivery-timeout-ms',
    env: 'RECEIVER_DELIVERY_TIMEOUT_MS',
    type: 'string',
    help: 'longest wait for the tracking API before answering 503 (default 2500)',
  },
  {
    flag: 'health-path',
    env: 'RECEIVER_HEALTH_PATH',
    type: 'string',
    help: 'path answering GET with the health (default /health)',
  },
  { flag: 'help', type: 'boolean', help: 'print this help' },
]

export const cliUsage = `Usage: fingerprint-segment serve [options]

Receives Fingerprint webhooks and forwards their Segment calls to the tracking API,
answering 2xx only once the calls were accepted (503 otherwise, so Fingerprint retries).

Options (each also read from the environment variable shown, a flag wins):
${cliOptions
  .map((option) => {
    const name = `--${option.flag}${option.type === 'string' ? ' <value>' : ''}`
    return `  ${name.padEnd(32)}${option.env ? option.env.padEnd(36) : ''.padEnd(36)}${option.help}`
  })
  .join('\n')}
`

/**
 * Reads the command line and the environment into what the CLI runs. Pure: nothing is read but
 * its arguments.
 *
 * @throws CliUsageError naming the flag or variable at fault.
 */
export function parseCli(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): CliCommand {
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: Object.fromEntries(cliOptions.map((option) => [option.flag, { type: option.type }])),
    })
  } catch (error) {
    throw new CliUsageError(error instanceof Error ? error.message : String(error))
  }
  const { values, positionals } = parsed
  if (values.help === true || positionals[0] === 'help') return { kind: 'help' }
  if (positionals.length !== 1 || positionals[0] !== 'serve') {
    throw new CliUsageError(
      positionals.length === 0
        ? 'Missing the command: serve.'
        : `Unknown command: ${positionals.join(' ')} (expected: serve).`,
    )
  }

  const read = (flag: string): string | boolean | undefined => {
    const option = cliOptions.find((candidate) => candidate.flag === flag) as CliOption
    const value = values[flag]
    if (typeof value === 'string' || typeof value === 'boolean') return value
    const fromEnv = option.env === undefined ? undefined : env[option.env]
    return fromEnv === undefined || fromEnv === '' ? undefined : fromEnv
  }
  const readString = (flag: string): string | undefined => {
    const value = read(flag)
    return typeof value === 'string' ? value : undefined
  }

  const writeKey = readString('write-key')
  if (writeKey === undefined || writeKey.trim() === '')
    throw new CliUsageError('The Segment write key is required: --write-key or SEGMENT_WRITE_KEY.')

  const settings: Record<string, unknown> = {}
  for (const option of cliOptions) {
    if (option.setting === undefined) continue
    const value = read(option.flag)
    if (value !== undefined) settings[option.setting] = value
  }

  const trackingHost = readString('tracking-host')
  const trackingPath = readString('tracking-path')
  const deliveryTimeout = readString('delivery-timeout-ms')
  const healthPath = readString('health-path')
  const handler: Omit<WebhookHandlerOptions, 'logger'> = {
    writeKey: writeKey.trim(),
    settings: settings,
    ...(trackingHost === undefined ? {} : { trackingHost }),
    ...(trackingPath === undefined ? {} : { trackingPath }),
    ...(deliveryTimeout === undefined
      ? {}
      : { deliveryTimeoutMs: parseWhole(deliveryTimeout, '--delivery-timeout-ms', 1, 60_000) }),
    ...(healthPath === undefined ? {} : { healthPath }),
  }
  const port = readString('port')
  return {
    kind: 'serve',
    port: port === undefined ? 8080 : parseWhole(port, '--port / PORT', 0, 65_535),
    host: readString('host') ?? '0.0.0.0',
    handler,
  }
}

function parseWhole(text: string, name: string, min: number, max: number): number {
  const value = Number(text.trim())
  if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    throw new CliUsageError(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}.`)
  }
  return value
}
