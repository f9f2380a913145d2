import { describe, expect, it } from 'vitest'
import { startupBanner, webhookVerification } from './startup-banner'

describe('webhookVerification', () => {
  it('names every check the function runs, from its settings', () => {
    expect(webhookVerification({ fingerprintServerApiKey: 'key' })).toBe(
      "webhooks verified by each event looked up with Fingerprint's Server API",
    )
    expect(webhookVerification({ fingerprintServerApiKey: 'key', webhookToken: 'token' })).toBe(
      "webhooks verified by each event looked up with Fingerprint's Server API + the webhook token",
    )
    expect(webhookVerification({ webhookSecret: 'secret' })).toBe('webhooks verified by webhook signatures')
  })

  it('says so when nothing is verified: refused (fail closed), or mapped as sent with the explicit opt-out', () => {
    expect(webhookVerification({ identitySecret: 'secret' })).toBe(
      'webhooks NOT verified, so every one that would emit calls is refused (set FINGERPRINT_SERVER_API_KEY or FINGERPRINT_WEBHOOK_TOKEN)',
    )
    expect(webhookVerification({ acceptUnauthenticatedWebhooks: 'true' })).toBe(
      'webhooks NOT verified: their bodies are mapped as sent (FINGERPRINT_ACCEPT_UNAUTHENTICATED_WEBHOOKS)',
    )
  })
})

describe('startupBanner', () => {
  it('prints the URL, the verification, identity proofs and forwarding', () => {
    expect(
      startupBanner({
        url: 'http://localhost:3000',
        functionSettings: { fingerprintServerApiKey: 'key', identitySecret: 'secret' },
        forwardingToSegment: false,
      }),
    ).toBe(`
  Fingerprint + Segment demo: http://localhost:3000

  webhooks verified by each event looked up with Fingerprint's Server API · identity proofs on · forwarding to Segment off (set SEGMENT_WRITE_KEY)
  v4 agent: http://localhost:3000/?agent=v4 · Ctrl+C to stop
`)
  })
})
