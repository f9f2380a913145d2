import { describe, expect, it } from 'vitest'
import { CliUsageError, cliOptions, cliUsage, parseCli } from './cli-options'

describe('parseCli', () => {
  it('serves on 0.0.0.0:8080 with only a write key, every setting at its default', () => {
    expect(parseCli(['serve'], { SEGMENT_WRITE_KEY: 'key' })).toEqual({
      kind: 'serve',
      port: 8080,
      host: '0.0.0.0',
      handler: { writeKey: 'key', settings: {} },
    })
  })

  it('reads every option from its environment variable', () => {
    const command = parseCli(['serve'], {
      PORT: '9000',
      HOST: '127.0.0.1',
      SEGMENT_WRITE_KEY: 'key',
      SEGMENT_HOST: 'http://127.0.0.1:4100',
      SEGMENT_PATH: '/v1/b',
      FINGERPRINT_WEBHOOK_SECRET: 'a,b',
      FINGERPRINT_IDENTITY_SECRET: 'id',
      FINGERPRINT_MAX_EVENT_AGE_SECONDS: '60',
      FINGERPRINT_REPLAYED_EVENTS: 'drop',
      FINGERPRINT_RISK_RULES: '{}',
      FINGERPRINT_EMIT_RISK_ASSESSMENT: 'true',
      RECEIVER_DELIVERY_TIMEOUT_MS: '2000',
      RECEIVER_HEALTH_PATH: '/healthz',
    })
    expect(command).toEqual({
      kind: 'serve',
      port: 9000,
      host: '127.0.0.1',
      handler: {
        writeKey: 'key',
        trackingHost: 'http://127.0.0.1:4100',
        trackingPath: '/v1/b',
        deliveryTimeoutMs: 2000,
        healthPath: '/healthz',
        settings: {
          webhookSecret: 'a,b',
          identitySecret: 'id',
          maxEventAgeSeconds: '60',
          replayedEvents: 'drop',
          riskRules: '{}',
          emitRiskAssessment: 'true',
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
      port: 0,
      handler: { writeKey: 'flag-key', settings: { webhookSecret: 'flag-secret', emitRiskAssessment: true } },
    })
  })

  it('answers --help (and help) with the usage, which lists every flag and variable', () => {
    expect(parseCli(['--help'], {})).toEqual({ kind: 'help' })
    expect(parseCli(['help'], {})).toEqual({ kind: 'help' })
    for (const option of cliOptions) {
      expect(cliUsage).toContain(`--${option.flag}`)
      if (option.env) expect(cliUsage).toContain(option.env)
    }
  })

  it.each([
    [[], {}, /Missing the command/],
    [['start'], { SEGMENT_WRITE_KEY: 'k' }, /Unknown command: start/],
    [['serve'], {}, /write key is required/],
    [['serve', '--port', '80a'], { SEGMENT_WRITE_KEY: 'k' }, /--port .* whole number/],
    [['serve'], { SEGMENT_WRITE_KEY: 'k', PORT: '70000' }, /PORT must be a whole number from 0 to 65535/],
    [['serve', '--delivery-timeout-ms', '0'], { SEGMENT_WRITE_KEY: 'k' }, /--delivery-timeout-ms/],
    [['serve', '--no-such-flag'], { SEGMENT_WRITE_KEY: 'k' }, /no-such-flag/],
  ] as const)('refuses %j %j with a CliUsageError', (argv, env, message) => {
    expect(() => parseCli(argv, env)).toThrow(CliUsageError)
    expect(() => parseCli(argv, env)).toThrow(message)
  })
})
