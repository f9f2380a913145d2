/**
 * What `npm run demo` prints once it listens: the URL, and how the Source Function knows each
 * webhook is Fingerprint's, read from the settings it actually runs with (`functionSettings`), not
 * from what the Fingerprint stand-in does (it signs every webhook, which a deployed function cannot
 * check: Segment hands it the parsed body, never the signed bytes).
 */

export interface BannerFacts {
  /** Where the demo listens. */
  url: string
  /** The Source Function's settings, as Segment's Settings tab would hold them. */
  functionSettings: Readonly<Record<string, string>>
  /** Whether the function's calls also go to a real Segment source (`SEGMENT_WRITE_KEY`). */
  forwardingToSegment: boolean
}

/** How the function checks that a webhook is Fingerprint's, from its settings. */
export function webhookVerification(settings: Readonly<Record<string, string>>): string {
  const checks = [
    settings.fingerprintServerApiKey && "each event looked up with Fingerprint's Server API",
    settings.webhookToken && 'the webhook token',
    settings.webhookSecret && 'webhook signatures',
  ].filter((check): check is string => Boolean(check))
  if (checks.length > 0) return `webhooks verified by ${checks.join(' + ')}`
  return settings.acceptUnauthenticatedWebhooks === 'true'
    ? 'webhooks NOT verified: their bodies are mapped as sent (FINGERPRINT_ACCEPT_UNAUTHENTICATED_WEBHOOKS)'
    : 'webhooks NOT verified, so every one that would emit calls is refused (set FINGERPRINT_SERVER_API_KEY or FINGERPRINT_WEBHOOK_TOKEN)'
}

export function startupBanner({ url, functionSettings, forwardingToSegment }: BannerFacts): string {
  const identity = functionSettings.identitySecret ? 'identity proofs on' : 'identity proofs off: userIds trusted'
  const forwarding = forwardingToSegment
    ? 'forwarding to Segment on'
    : 'forwarding to Segment off (set SEGMENT_WRITE_KEY)'
  return `
  Fingerprint + Segment demo: ${url}

  ${webhookVerification(functionSettings)} · ${identity} · ${forwarding}
  v4 agent: ${url}/?agent=v4 · Ctrl+C to stop
`
}
