import type { FingerprintContext } from './fingerprint-context'
import { compact } from '../lib/json'
import type { SegmentCallContext } from './segment-call'
import type { FingerprintEvent, IpLocation } from '../event/fingerprint-event'

/** `context.location`: Segment's location fields from the IP geolocation. */
export type LocationContext = Pick<IpLocation, 'city' | 'country' | 'region' | 'latitude' | 'longitude'>

/** `context.page` of a browser event. */
export interface PageContext {
  url?: string
  path?: string
  search?: string
  referrer?: string
}

/** `context.os` of a mobile app event. */
export interface OsContext {
  name?: string
  version?: string
}

/** `context.device` of a mobile app event: `type` is the platform (`ios`, `android`). */
export interface DeviceContext {
  type: string
  model?: string
}

/** The parts of a URL that Page calls carry. */
export interface UrlParts {
  path: string
  /** The query with its `?`; absent when there is none. */
  search?: string
}

/**
 * The Segment `context` every call made from one event shares: the standard fields Fingerprint
 * knows (`ip`, `userAgent`, `location`, `timezone`, `page` for browsers, `app`/`os`/`device` for
 * mobile apps) and `fingerprint` (see `buildFingerprintContext`). Raw device attributes are never copied.
 */
export function buildEventContext(
  event: FingerprintEvent,
  fingerprint: FingerprintContext,
  parts: UrlParts | undefined = event.url === undefined ? undefined : urlParts(event.url),
): SegmentCallContext {
  const location = event.location
  const browser = event.platform === 'browser'
  return compact<SegmentCallContext>({
    ip: event.ip,
    userAgent: event.userAgent,
    location:
      location &&
      compact<LocationContext>({
        city: location.city,
        country: location.country,
        region: location.region,
        latitude: location.latitude,
        longitude: location.longitude,
      }),
    timezone: location?.timezone,
    page: browser ? pageContext(event, parts) : undefined,
    app: browser ? undefined : event.app && { namespace: event.app.namespace },
    os: browser ? undefined : event.os && compact<OsContext>({ name: event.os.name, version: event.os.version }),
    device: browser ? undefined : compact<DeviceContext>({ type: event.platform, model: event.device?.model }),
    fingerprint,
  })
}

function pageContext(event: FingerprintEvent, parts: UrlParts | undefined): PageContext | undefined {
  return compact<PageContext>({ url: event.url, path: parts?.path, search: parts?.search, referrer: event.referrer })
}

// Bound once: in Segment's node:vm context every global lookup costs about 200 ns.
const UrlClass = URL

/** Path and query of a URL, or nothing when it does not parse. */
export function urlParts(url: string): UrlParts | undefined {
  try {
    const parsed = new UrlClass(url)
    return parsed.search ? { path: parsed.pathname, search: parsed.search } : { path: parsed.pathname }
  } catch {
    return undefined
  }
}
