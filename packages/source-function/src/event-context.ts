import { compact, type JsonObject } from './json'
import type { FingerprintEvent } from './webhook/fingerprint-event'

/**
 * The Segment `context` every call made from one event shares: the standard fields Fingerprint
 * knows (`ip`, `userAgent`, `location`, `timezone`, `page` for browsers, `app`/`os`/`device` for
 * mobile apps) and a compact `fingerprint` object with the ids and the Smart Signals.
 * Raw device attributes are never copied.
 */
export function buildEventContext(event: FingerprintEvent): JsonObject {
  const location = event.location
  const context: JsonObject = {
    ip: event.ip,
    userAgent: event.userAgent,
    location:
      location &&
      compact({
        city: location.city,
        country: location.country,
        region: location.region,
        latitude: location.latitude,
        longitude: location.longitude,
      }),
    timezone: location?.timezone,
    page: event.platform === 'browser' ? pageContext(event) : undefined,
    app: event.platform === 'browser' ? undefined : event.app && { namespace: event.app.namespace },
    os:
      event.platform === 'browser'
        ? undefined
        : event.os && compact({ name: event.os.name, version: event.os.version }),
    device: event.platform === 'browser' ? undefined : compact({ type: event.platform, model: event.device?.model }),
    fingerprint: buildFingerprintContext(event),
  }
  return compact(context) ?? {}
}

/** `context.fingerprint`: who Fingerprint says this is, how sure it is, and the Smart Signals. */
export function buildFingerprintContext(event: FingerprintEvent): JsonObject {
  const fingerprint: JsonObject = {
    visitorId: event.visitorId,
    requestId: event.requestId,
    confidence: event.confidence,
    visitorFound: event.visitorFound,
    linkedId: event.linkedId,
    platform: event.platform,
    webhookFormat: event.format,
    // Kept beside the signals so it survives when a large call sheds them (replayedEvents: flag).
    replayed: event.signals.replayed,
    signals: Object.keys(event.signals).length > 0 ? { ...event.signals } : undefined,
  }
  return compact(fingerprint) ?? {}
}

function pageContext(event: FingerprintEvent): JsonObject | undefined {
  const parts = event.url ? urlParts(event.url) : undefined
  return compact({ url: event.url, path: parts?.path, search: parts?.search, referrer: event.referrer })
}

/** Path and query of a URL, or nothing when it does not parse. */
export function urlParts(url: string): { path: string; search?: string } | undefined {
  try {
    const parsed = new URL(url)
    return { path: parsed.pathname, search: parsed.search || undefined }
  } catch {
    return undefined
  }
}
