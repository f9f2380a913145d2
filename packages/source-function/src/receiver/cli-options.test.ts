import { describe, expect, it } from 'vitest'
import { pipelineSettingsSchema } from '../pipeline/pipeline-settings'
import { describeDefault } from '../settings/setting-declaration'
import { CliUsageError, cliFlags, cliUsage, parseCli } from './cli-options'
import { receiverSettingsSchema } from './receiver-settings'

describe('parseCli', () => {
  it('serves with only a write key, everything else left to its default', () => {
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
      RECEIVER_DELIVERY_TIMEOUT_MS: '2000',
      RECEIVER_MAX_BODY_BYTES: '1048576',
      RECEIVER_HEALTH_PATH: '/healthz',
    })
    expect(command).toEqual({
      kind: 'serve',
      options: {
        port: 9000,
        host: '127.0.0.1',
        writeKey: 'key',
        trackingHost: 'http://127.0.0.1:4100/segment',
        deliveryTimeoutMs: 2000,
        maxBodyBytes: 1_048_576,
        healthPath: '/healthz',
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
    for (const declaration of [...Object.values(receiverSettingsSchema), ...Object.values(pipelineSettingsSchema)]) {
      expect(cliUsage).toContain(`(default: ${describeDefault(declaration).replace(/`/g, '')})`)
    }
    expect(cliUsage).toMatch(/^Usage: fingerprint-segment serve/)
  })

  it.each([
    [[], {}, /Missing the command/],
    [['start'], { SEGMENT_WRITE_KEY: 'k' }, /Unknown command: start/],
    [['serve'], {}, /write key is required/],
    [['serve', '--port', '80a'], { SEGMENT_WRITE_KEY: 'k' }, /^--port must be a whole number, got "80a"\.$/],
    [['serve'], { SEGMENT_WRITE_KEY: 'k', PORT: '70000' }, /^PORT must be between 0 and 65535, got 70000\.$/],
    [['serve', '--delivery-timeout-ms', '0'], { SEGMENT_WRITE_KEY: 'k' }, /--delivery-timeout-ms/],
    [['serve', '--no-such-flag'], { SEGMENT_WRITE_KEY: 'k' }, /^Unknown flag --no-such-flag\.$/],
    [['serve', '--port'], { SEGMENT_WRITE_KEY: 'k' }, /--port needs a value/],
    [['serve'], { SEGMENT_WRITE_KEY: 'k', SEGMENT_HOST: 'api.segment.io' }, /SEGMENT_HOST must be an http\(s\) URL/],
    [['serve'], { SEGMENT_WRITE_KEY: 'k', FINGERPRINT_RISK_RULES: '{"x":1}' }, /FINGERPRINT_RISK_RULES is invalid/],
  ] as const)('refuses %j %j with a CliUsageError', (argv, env, message) => {
    expect(() => parseCli(argv, env)).toThrow(CliUsageError)
    expect(() => parseCli(argv, env)).toThrow(message)
  })
})
