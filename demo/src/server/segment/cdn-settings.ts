/**
 * EMULATED: Segment's CDN settings for a write key (`GET <cdn>/v1/projects/<writeKey>/settings`),
 * what Analytics.js fetches at start-up when it is not given `cdnSettings`. The demo page passes its
 * settings inline; apps that load Analytics.js as their README says (the `examples/` app) fetch
 * these. They name this server's tracking stand-in as the source's API host, and turn metrics off.
 */
import { allowAnyOrigin, answerPreflight } from '@fingerprint-segment/test-kit/stand-ins'
import { sendJson, type RouteHandler } from '../http'

/** Serves `/segment/cdn/v1/projects/<writeKey>/settings`. */
export function cdnSettingsRoutes(): RouteHandler {
  return (request, response, url) => {
    const match = /^\/segment\/cdn\/v1\/projects\/([^/]+)\/settings$/.exec(url.pathname)
    if (!match) return false
    if (request.method === 'OPTIONS') {
      answerPreflight(request, response)
      return true
    }
    if (request.method !== 'GET') return false
    allowAnyOrigin(request, response)
    const writeKey = decodeURIComponent(match[1] ?? '')
    sendJson(response, 200, {
      integrations: {
        'Segment.io': {
          apiKey: writeKey,
          apiHost: `${request.headers.host ?? 'localhost'}/segment/v1`,
          protocol: 'http',
          unbundledIntegrations: [],
          addBundledMetadata: true,
        },
      },
      plan: { track: { __default: { enabled: true } }, identify: { __default: { enabled: true } } },
      metrics: { sampleRate: 0 },
      remotePlugins: [],
    })
    return true
  }
}
