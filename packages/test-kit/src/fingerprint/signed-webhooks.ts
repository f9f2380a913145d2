/**
 * Webhooks for the receiver's load scenario (shared by `bench/run.ts` and the receiver tests):
 * Fingerprint's official example bodies and this package's mobile fixtures, each with its own
 * event id and a fresh timestamp, signed the way Fingerprint signs (`FPJS-Event-Signature:
 * v1=<hex HMAC-SHA256 of the raw body>`).
 */
import { createHmac } from 'node:crypto'
import { officialFixture, officialWebhookPaths, projectFixture, withSegmentPayload } from './fixtures'

export interface SignedWebhook {
  /** The raw body, exactly as sent. */
  body: string
  headers: Record<string, string>
  /** The event id in the body (v3 `requestId`, v4 `event_id`). */
  eventId: string
  /** The `prefix` the webhook was made with: which batch of a test it belongs to. */
  batch: string
  /** The messageIds of the calls this webhook must produce. */
  expectedMessageIds: string[]
}

const baseBodies: readonly Record<string, unknown>[] = [
  ...officialWebhookPaths.map((path) => officialFixture(path)),
  projectFixture('v4-ios-app'),
  projectFixture('v3-android-app'),
]

/**
 * `FPJS-Event-Signature: v1=<hex HMAC-SHA256 of the raw body>`, as Fingerprint signs: written here
 * with Node's crypto, apart from the package's own signer, so the two cannot agree on a mistake.
 */
export function fingerprintSignature(body: string, secret: string): string {
  return `v1=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`
}

/**
 * `count` distinct webhooks: identify + track for each, group for every third one, stitched to an
 * Analytics.js anonymousId. Ids are Fingerprint-shaped, `<now>.<prefix's letters and digits><index>`
 * (`1708102555327.load000042`), so messageIds are `fp-<id>-<call>`.
 */
export function signedWebhooks(
  count: number,
  secret: string,
  {
    prefix = 'load',
    now = Date.now(),
    /** Characters of notes in each Track call's properties (the tag's own limit is 16 KB). */
    tagPaddingBytes = 0,
  } = {},
): SignedWebhook[] {
  const webhooks: SignedWebhook[] = []
  for (let index = 0; index < count; index++) {
    const eventId = `${now}.${prefix.replace(/[^A-Za-z0-9]/g, '')}${String(index).padStart(6, '0')}`
    const base = baseBodies[index % baseBodies.length] as Record<string, unknown>
    const withGroup = index % 3 === 0
    const payload = {
      anonymousId: `ajs-${eventId}`,
      identify: { userId: `user-${index % 97}` },
      track: {
        event: 'Device Identified',
        properties: tagPaddingBytes > 0 ? { index, notes: 'n'.repeat(tagPaddingBytes) } : { index },
      },
      ...(withGroup ? { group: { groupId: `team-${index % 11}` } } : {}),
    }
    const body = JSON.stringify(withFreshIdentity(withSegmentPayload(base, payload), eventId, now))
    webhooks.push({
      body,
      headers: { 'Content-Type': 'application/json', 'FPJS-Event-Signature': fingerprintSignature(body, secret) },
      eventId,
      batch: prefix,
      expectedMessageIds: ['identify', 'track', ...(withGroup ? ['group'] : [])].map((call) => `fp-${eventId}-${call}`),
    })
  }
  return webhooks
}

/** The body with its own event id and a timestamp of `now` (both formats). */
function withFreshIdentity(body: Record<string, unknown>, eventId: string, now: number): Record<string, unknown> {
  if ('event_id' in body) return { ...body, event_id: eventId, timestamp: now }
  return { ...body, requestId: eventId, timestamp: now, time: new Date(now).toISOString() }
}
