/** Segment's tracking API, where calls go unless told otherwise. */
export const segmentTrackingApi = 'https://api.segment.io'

/** Where a batch is posted, relative to a tracking API's base URL. */
const batchPath = '/v1/batch'

/** The batch endpoint of a tracking API, split the way analytics-node takes it (`host` + `path`). */
export interface TrackingEndpoint {
  /** The origin, e.g. `https://proxy.example`. */
  host: string
  /** The batch path, base path kept, e.g. `/segment/v1/batch`. */
  path: string
  /** The whole batch URL, for logs. */
  url: string
}

/**
 * The batch endpoint of a Segment-compatible tracking API from its base URL, KEEPING any base path:
 * `https://proxy.example/segment` posts to `https://proxy.example/segment/v1/batch` (analytics-node
 * resolves its `path` against the host's origin, so the base path must go into `path`).
 *
 * @throws TypeError for anything but an http(s) URL without a query or fragment
 */
export function trackingEndpoint(baseUrl: string = segmentTrackingApi): TrackingEndpoint {
  let url: URL | undefined
  try {
    url = new URL(baseUrl)
  } catch {
    url = undefined
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '' || url.hash !== '') {
    throw new TypeError(
      `The tracking API base URL must be an http(s) URL without a query or fragment, got ${JSON.stringify(baseUrl)}.`,
    )
  }
  const path = `${url.pathname.replace(/\/+$/, '')}${batchPath}`
  return { host: url.origin, path, url: `${url.origin}${path}` }
}
