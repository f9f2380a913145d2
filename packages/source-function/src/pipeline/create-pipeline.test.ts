import { describe, expect, it } from 'vitest'
import { officialFixture, withSegmentPayload } from '@fingerprint-segment/test-kit'
import {
  InvalidEventPayload,
  ValidationError,
  WebhookAuthenticationError,
  WebhookSignatureError,
} from '../segment/errors'
import { defaultRiskRules } from '../risk/risk-rules'
import { signWebhookBody } from '../security/webhook-signature'
import { createPipeline } from './create-pipeline'
import type { PipelineSettings } from './pipeline-settings'

const body = JSON.stringify(withSegmentPayload(officialFixture('v4/webhook.json'), { track: { event: 'Signed Up' } }))
/** The official example is years old; this pins the clock at its own time. */
const atEventTime = { now: () => (JSON.parse(body) as { timestamp: number }).timestamp }
const headers = (value: string) => ({
  get: (name: string) => (name.toLowerCase() === 'fpjs-event-signature' ? value : null),
})

describe('createPipeline', () => {
  it('applies every default, and by default refuses a webhook that would emit calls unauthenticated', async () => {
    const pipeline = createPipeline({}, atEventTime)
    expect(pipeline.settings).toMatchObject({
      webhookSecrets: [],
      maxEventAgeSeconds: 1800,
      replayedEvents: 'flag',
      acceptUnauthenticatedWebhooks: false,
      customIdentifiers: ['email', 'phone'],
    })
    const refused = pipeline.process({ rawBody: body })
    await expect(refused).rejects.toBeInstanceOf(WebhookAuthenticationError)
    await expect(pipeline.process({ rawBody: body })).rejects.toThrow(
      /fingerprintServerApiKey \(declare it in the function's Settings tab with Label "Fingerprint Server Api Key", which makes the Name fingerprintServerApiKey, Encrypted.*webhookToken \(.*Label "Webhook Token"/,
    )
  })

  it('answers a body that yields no call quietly, authenticated or not (the dashboard test event, skipIntegration)', async () => {
    const pipeline = createPipeline({}, atEventTime)
    await expect(
      pipeline.process({ rawBody: JSON.stringify(officialFixture('v4/webhook.json')) }),
    ).resolves.toMatchObject({
      status: 'no-integration',
      calls: [],
      authenticatedBy: [],
    })
    const skipped = JSON.stringify(withSegmentPayload(officialFixture('v4/webhook.json'), { skipIntegration: true }))
    await expect(pipeline.process({ rawBody: skipped })).resolves.toMatchObject({
      status: 'skip-integration',
      calls: [],
    })
  })

  it('maps unauthenticated webhooks only when acceptUnauthenticatedWebhooks says so', async () => {
    const pipeline = createPipeline({ acceptUnauthenticatedWebhooks: true }, atEventTime)
    await expect(pipeline.process({ rawBody: body })).resolves.toMatchObject({ status: 'emitted', authenticatedBy: [] })
  })

  it('maps an event fetched from the Server API by the host itself (backfill) as authenticated by it', () => {
    const pipeline = createPipeline({}, atEventTime)
    expect(pipeline.mapServerApiEvent(JSON.parse(body))).toMatchObject({
      status: 'emitted',
      authenticatedBy: ['server-api'],
    })
  })

  it('takes typed settings and checks the signature over the raw body', async () => {
    const pipeline = createPipeline({ webhookSecrets: ['old', 'new'] }, atEventTime)
    await expect(
      pipeline.process({ rawBody: body, headers: headers(signWebhookBody(body, 'new')) }),
    ).resolves.toMatchObject({
      status: 'emitted',
    })
    await expect(
      pipeline.process({ rawBody: body, headers: headers(signWebhookBody(body, 'other')) }),
    ).rejects.toBeInstanceOf(WebhookSignatureError)
    await expect(pipeline.process({ parsedBody: JSON.parse(body) })).rejects.toThrow(/no raw body/)
  })

  it('resolves riskRules overrides once, at preparation', async () => {
    const pipeline = createPipeline(
      { riskRules: { rules: { datacenter: false } }, emitRiskAssessment: true, acceptUnauthenticatedWebhooks: true },
      atEventTime,
    )
    const result = await pipeline.process({ rawBody: body })
    expect(result.risk?.reasons.map((reason) => reason.code)).not.toContain('datacenter')
    expect(pipeline.settings.riskRules).toEqual({ rules: { datacenter: false } })
    expect(defaultRiskRules.rules.datacenter.enabled).toBe(true)
  })

  it('rejects, never throws, for bad input', async () => {
    const pipeline = createPipeline({}, atEventTime)
    const attempt = pipeline.process({ rawBody: '{not json' })
    await expect(attempt).rejects.toBeInstanceOf(InvalidEventPayload)
    await expect(pipeline.process({ rawBody: '  ' })).rejects.toThrow(/empty/)
    await expect(createPipeline().process({ rawBody: body })).rejects.toBeInstanceOf(ValidationError)
  })

  it.each([
    [{ maxEventAgeSeconds: -1 }, /^createPipeline: settings\.maxEventAgeSeconds must be 0 or more, got -1\.$/],
    [{ replayedEvents: 'keep' }, /settings\.replayedEvents must be one of 'flag', 'drop'/],
    [{ webhookSecrets: [' '] }, /settings\.webhookSecrets holds no secret/],
    [{ emitRiskAssessment: 'yes' }, /settings\.emitRiskAssessment must be true or false/],
    [{ webhookSecret: 'singular' }, /unknown setting "webhookSecret"/],
  ])('refuses %j with a TypeError naming the setting', (settings, message) => {
    expect(() => createPipeline(settings as unknown as Partial<PipelineSettings>)).toThrow(TypeError)
    expect(() => createPipeline(settings as unknown as Partial<PipelineSettings>)).toThrow(message)
  })

  it('refuses invalid riskRules naming the path inside them', () => {
    expect(() => createPipeline({ riskRules: { thresholds: { block: 500 } } })).toThrow(/riskRules\.thresholds\.block/)
  })
})
