/**
 * EMULATED: Fingerprint's Server API v4, `GET /fp/v4/events/{event_id}` with
 * `Authorization: Bearer <secret key>`: the Event object of each identification the stand-in made
 * (the same object as a v4 webhook, tags included), 403 for a wrong key, 404 for an unknown id.
 * The function host's `fetch` sends the function's requests for Fingerprint's API hosts (any
 * region) here: that routing is the only part mocked.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { sendJson } from '../http'

export interface ServerApiStandIn {
  /** Keeps the event Fingerprint would store for an identification. */
  store(eventId: string, event: Record<string, unknown>): void
  /** Serves `GET /fp/v4/events/{id}`; false for any other request. */
  route(request: IncomingMessage, response: ServerResponse, url: URL): boolean
}

/** The stand-in, requiring `secretKey` (empty: every request is refused, as with no key). */
export function createServerApiStandIn(secretKey: string): ServerApiStandIn {
  const events = new Map<string, Record<string, unknown>>()
  return {
    store(eventId, event) {
      events.set(eventId, event)
    },
    route(request, response, url) {
      const match = /^\/fp\/v4\/events\/([^/]+)$/.exec(url.pathname)
      if (request.method !== 'GET' || !match) return false
      if (secretKey === '' || request.headers.authorization !== `Bearer ${secretKey}`) {
        sendJson(response, 403, { error: { code: 'SecretAPIKeyNotFound', message: 'secret key is not found' } })
        return true
      }
      const event = events.get(decodeURIComponent(match[1] ?? ''))
      if (event) sendJson(response, 200, event)
      else sendJson(response, 404, { error: { code: 'RequestNotFound', message: 'request id is not found' } })
      return true
    },
  }
}

const fingerprintApiHost = /^(?:[a-z]{2}\.)?api\.fpjs\.io$/

/** The function's `fetch`: requests for Fingerprint's API go to the stand-in at `cloudOrigin()`; anything else fails. */
export function serverApiFetch(cloudOrigin: () => string): typeof fetch {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    if (!fingerprintApiHost.test(url.hostname)) {
      return Promise.reject(new TypeError(`The demo's function may only reach Fingerprint's API, not ${url.hostname}.`))
    }
    return fetch(`${cloudOrigin()}/fp${url.pathname}${url.search}`, init)
  }
}
