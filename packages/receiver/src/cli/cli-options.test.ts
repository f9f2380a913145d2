import { describe, expect, it } from 'vitest'
import { pipelineSettingsSchema } from '@fingerprint-segment/source-function'
import { describeDefault } from '@fingerprint-segment/source-function/internal'
import { CliUsageError, cliFlags, cliUsage, parseCli } from './cli-options'
import { backfillSettingsSchema } from '../settings/backfill-settings'
import { deadLetterSettingsSchema } from '../settings/dead-letter-settings'
import { receiverSettingsSchema } from '../settings/receiver-settings'

describe('parseCli', () => {
  it('serves with only a write key, everything else left to its default (the store included)', () => {
    expect(parseCli(['serve'], { SEGMENT_WRITE_KEY: 'key' })).toEqual({
      kind: 'serve',
      options: { writeKey: 'key', settings: {} },
    })
  })

  it('reads every option from its environment variable, typed', () => {
    const command = parseCli(['serve'], {
      PORT: '9000',
      HOST: '127.0.0.1',
      SEGMENT_WRITE_KEY: 'key',
      SEGMENT_HOST: 'http://127.0.0.1:4100/segment',
      FINGERPRINT_WEBHOOK_SECRET: 'a,b',
      FINGERPRINT_IDENTITY_SECRET: 'id',
      FINGERPRINT_MAX_EVENT_AGE_SECONDS: '60',
      FINGERPRINT_REPLAYED_EVENTS: 'drop',
      FINGERPRINT_RISK_RULES: '{}',
      FINGERPRINT_EMIT_RISK_ASSESSMENT: 'true',
      RECEIVER_ANSWER_TIMEOUT_MS: '2000',
      RECEIVER_MAX_BODY_BYTES: '1048576',
      RECEIVER_HEALTH_PATH: '/healthz',
      FINGERPRINT_SEGMENT_STORE: 'postgres://fs:pw@db.internal:5432/fs',
      RECEIVER_RETENTION_DAYS: '3',
      RECEIVER_MAX_CONNECTIONS: '200',
      RECEIVER_HEADERS_TIMEOUT_MS: '2000',
      RECEIVER_IDLE_TIMEOUT_MS: '1000',
      RECEIVER_MAX_CALLS_PER_BATCH: '250',
      RECEIVER_TRACKING_TIMEOUT_MS: '4000',
      RECEIVER_MAX_RETRY_DELAY_MS: '60000',
    })
    expect(command).toEqual({
      kind: 'serve',
      options: {
        port: 9000,
        host: '127.0.0.1',
        writeKey: 'key',
        trackingHost: 'http://127.0.0.1:4100/segment',
        answerTimeoutMs: 2000,
        maxBodyBytes: 1_048_576,
        healthPath: '/healthz',
        store: 'postgres://fs:pw@db.internal:5432/fs',
        retentionDays: 3,
        maxConnections: 200,
        headersTimeoutMs: 2000,
        idleTimeoutMs: 1000,
        maxCallsPerBatch: 250,
        trackingTimeoutMs: 4000,
        maxRetryDelayMs: 60_000,
        settings: {
          webhookSecrets: ['a', 'b'],
          identitySecrets: ['id'],
          maxEventAgeSeconds: 60,
          replayedEvents: 'drop',
          riskRules: {},
          emitRiskAssessment: true,
        },
      },
    })
  })

  it('lets a flag win over its environment variable', () => {
    const command = parseCli(
      ['serve', '--port', '0', '--write-key', 'flag-key', '--webhook-secret', 'flag-secret', '--emit-risk-assessment'],
      {
        PORT: '9000',
        SEGMENT_WRITE_KEY: 'env-key',
        FINGERPRINT_WEBHOOK_SECRET: 'env-secret',
        FINGERPRINT_EMIT_RISK_ASSESSMENT: 'false',
      },
    )
    expect(command).toMatchObject({
      options: {
        port: 0,
        writeKey: 'flag-key',
        settings: { webhookSecrets: ['flag-secret'], emitRiskAssessment: true },
      },
    })
  })

  it('reads backfill: the range, the store, the Server API key and region, the pipeline settings that apply', () => {
    expect(
      parseCli(['backfill', '--since', '6h', '--until', '2026-11-21T10:00:00Z', '--region', 'eu'], {
        FINGERPRINT_SERVER_API_KEY: 'secret-key',
        FINGERPRINT_SEGMENT_STORE: 'sqlite:/var/lib/fs/q.db',
        FINGERPRINT_IDENTITY_SECRET: 'id',
        // The serve command's settings: not backfill's, left alone.
        FINGERPRINT_WEBHOOK_SECRET: 'webhook-secret',
        PORT: '9000',
      }),
    ).toEqual({
      kind: 'backfill',
      options: {
        store: 'sqlite:/var/lib/fs/q.db',
        since: '6h',
        until: '2026-11-21T10:00:00Z',
        settings: { fingerprintServerApiKey: 'secret-key', fingerprintRegion: 'eu', identitySecrets: ['id'] },
      },
    })
  })

  it('reads status with its store', () => {
    expect(parseCli(['status'], {})).toEqual({ kind: 'status', store: 'sqlite:./fingerprint-segment.db' })
    expect(parseCli(['status', '--store', 'postgres://db/fs'], {})).toEqual({
      kind: 'status',
      store: 'postgres://db/fs',
    })
  })

  it('answers --help (and help) and --version', () => {
    expect(parseCli(['--help'], {})).toEqual({ kind: 'help' })
    expect(parseCli(['help'], {})).toEqual({ kind: 'help' })
    expect(parseCli(['--version'], {})).toEqual({ kind: 'version' })
  })

  it('lists every flag and variable in --help, with the default declared in the schema', () => {
    for (const option of cliFlags) {
      expect(cliUsage).toContain(`--${option.flag}`)
      if (option.env) expect(cliUsage).toContain(option.env)
    }
    for (const declaration of [
      ...Object.values(receiverSettingsSchema),
      ...Object.values(pipelineSettingsSchema),
      ...Object.values(backfillSettingsSchema),
      ...Object.values(deadLetterSettingsSchema),
    ]) {
      expect(cliUsage).toContain(`(default: ${describeDefault(declaration).replace(/`/g, '')})`)
    }
    expect(cliUsage).toMatch(/^Usage: fingerprint-segment <command>/)
    expect(cliUsage).toMatch(/Options of status:\n {2}--store/)
  })

  it.each([
    [[], {}, /Missing the command/],
    [['start'], { SEGMENT_WRITE_KEY: 'k' }, /Unknown command: start/],
    [['status', '--port', '80'], {}, /^The flag --port is not an option of status\.$/],
    [
      ['backfill', '--webhook-secret', 's', '--since', '1h'],
      { FINGERPRINT_SERVER_API_KEY: 'k' },
      /not an option of backfill/,
    ],
    [['backfill'], { FINGERPRINT_SERVER_API_KEY: 'k' }, /--since or FINGERPRINT_BACKFILL_SINCE/],
    [['backfill', '--since', 'yesterday'], { FINGERPRINT_SERVER_API_KEY: 'k' }, /^--since must be an ISO-8601 time/],
    [['backfill', '--since', '2h'], {}, /--server-api-key or FINGERPRINT_SERVER_API_KEY/],
    [
      ['serve'],
      { SEGMENT_WRITE_KEY: 'k', FINGERPRINT_SEGMENT_STORE: 'mysql://db' },
      /FINGERPRINT_SEGMENT_STORE must be sqlite:<path> or a postgres:\/\/ URL/,
    ],
    [['serve'], {}, /write key is required/],
    [['serve', '--port', '80a'], { SEGMENT_WRITE_KEY: 'k' }, /^--port must be a whole number, got "80a"\.$/],
    [['serve'], { SEGMENT_WRITE_KEY: 'k', PORT: '70000' }, /^PORT must be between 0 and 65535, got 70000\.$/],
    [['serve', '--answer-timeout-ms', '0'], { SEGMENT_WRITE_KEY: 'k' }, /--answer-timeout-ms/],
    [['serve', '--no-such-flag'], { SEGMENT_WRITE_KEY: 'k' }, /^Unknown flag --no-such-flag\.$/],
    [['serve', '--port'], { SEGMENT_WRITE_KEY: 'k' }, /--port needs a value/],
    [['serve'], { SEGMENT_WRITE_KEY: 'k', SEGMENT_HOST: 'api.segment.io' }, /SEGMENT_HOST must be an http\(s\) URL/],
    [['serve'], { SEGMENT_WRITE_KEY: 'k', FINGERPRINT_RISK_RULES: '{"x":1}' }, /FINGERPRINT_RISK_RULES is invalid/],
    [
      ['serve', '--log-level', 'verbose'],
      { SEGMENT_WRITE_KEY: 'k' },
      /^--log-level must be one of 'debug', 'info', 'warn', 'error'/,
    ],
    [['dead-letters'], {}, /dead-letters takes one action: list, requeue, purge/],
    [['dead-letters', 'resend'], {}, /Unknown dead-letters action: resend/],
    [['dead-letters', 'purge'], {}, /without a filter takes every dead letter: say so with --all/],
    [['dead-letters', 'list', '--type', 'click'], {}, /^--type must be one of identify, track/],
    [['dead-letters', 'list', '--port', '1'], {}, /not an option of dead-letters/],
  ] as const)('refuses %j %j with a CliUsageError', (argv, env, message) => {
    expect(() => parseCli(argv, env)).toThrow(CliUsageError)
    expect(() => parseCli(argv, env)).toThrow(message)
  })

  it('reads every secret from a file too: --<flag>-file or <VARIABLE>_FILE, its last line break dropped', () => {
    const files: Record<string, string> = {
      '/run/secrets/write-key': 'key-from-file\n',
      '/run/secrets/webhook-secret': 'a,b\n',
      '/run/secrets/store': 'postgres://fs:pw@db/fs\n',
      '/run/secrets/server-api-key': 'server-key',
    }
    const readFile = (path: string): string => {
      const content = files[path]
      if (content === undefined) throw new Error(`ENOENT: no such file, open '${path}'`)
      return content
    }
    const command = parseCli(
      ['serve', '--webhook-secret-file', '/run/secrets/webhook-secret'],
      {
        SEGMENT_WRITE_KEY_FILE: '/run/secrets/write-key',
        FINGERPRINT_SEGMENT_STORE_FILE: '/run/secrets/store',
        FINGERPRINT_SERVER_API_KEY_FILE: '/run/secrets/server-api-key',
        FINGERPRINT_IDENTITY_SECRET: 'id-from-env',
      },
      { readFile },
    )
    expect(command).toMatchObject({
      kind: 'serve',
      options: {
        writeKey: 'key-from-file',
        store: 'postgres://fs:pw@db/fs',
        settings: {
          webhookSecrets: ['a', 'b'],
          fingerprintServerApiKey: 'server-key',
          identitySecrets: ['id-from-env'],
        },
      },
    })
    expect(() =>
      parseCli(['serve'], { SEGMENT_WRITE_KEY: 'k', SEGMENT_WRITE_KEY_FILE: '/run/secrets/write-key' }, { readFile }),
    ).toThrow(/^SEGMENT_WRITE_KEY and SEGMENT_WRITE_KEY_FILE are both set: keep one\.$/)
    expect(() => parseCli(['serve', '--write-key-file', '/nowhere'], {}, { readFile })).toThrow(
      /^--write-key-file names a file that cannot be read: ENOENT/,
    )
    // Not a secret: no file variant.
    expect(() => parseCli(['serve', '--port-file', '/run/secrets/port'], { SEGMENT_WRITE_KEY: 'k' })).toThrow(
      /Unknown flag --port-file/,
    )
    expect(cliUsage).toContain('--write-key-file <value>')
    expect(cliUsage).toContain('FINGERPRINT_WEBHOOK_SECRET_FILE')
  })

  it('reads dead-letters: the action, the store and the filter, relative times from now', () => {
    const now = Date.UTC(2026, 10, 21, 12)
    expect(
      parseCli(
        [
          'dead-letters',
          'requeue',
          '--type',
          'track',
          '--reason',
          '400',
          '--failed-since',
          '6h',
          '--message-ids',
          'fp-a, fp-b',
        ],
        { FINGERPRINT_SEGMENT_STORE: 'sqlite:/var/lib/fs/q.db', FINGERPRINT_DEAD_LETTERS_EVENT_ID: 'e1' },
        { now },
      ),
    ).toEqual({
      kind: 'dead-letters',
      options: {
        action: 'requeue',
        store: 'sqlite:/var/lib/fs/q.db',
        filter: {
          messageIds: ['fp-a', 'fp-b'],
          eventId: 'e1',
          type: 'track',
          reasonContains: '400',
          failedFrom: now - 6 * 3_600_000,
        },
        limit: 100,
      },
    })
    expect(parseCli(['dead-letters', 'list', '--limit', '5'], {})).toEqual({
      kind: 'dead-letters',
      options: { action: 'list', store: 'sqlite:./fingerprint-segment.db', filter: {}, limit: 5 },
    })
    expect(parseCli(['dead-letters', 'purge', '--all'], {})).toMatchObject({ options: { action: 'purge', filter: {} } })
  })
})
