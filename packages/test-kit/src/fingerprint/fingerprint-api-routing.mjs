// Sends requests for Fingerprint's Server API hosts (every region of `serverApiOrigins`) to a local
// stand-in, path, query and headers kept, the host asked for named in `x-requested-host`: Fingerprint's
// cloud cannot be reached from tests or the demo, and this routing is the one part mocked. Plain
// JavaScript, so a child process can load it too (`server-api-preload.mjs`); typed by the .d.mts beside it.
import { serverApiOrigins } from '@fingerprint-segment/source-function/internal'

/** The header that tells the stand-in which of Fingerprint's hosts a request was for. */
export const requestedHostHeader = 'x-requested-host'

const fingerprintApiHosts = new Set(Object.values(serverApiOrigins).map((origin) => new URL(origin).hostname))

/** Whether `hostname` is one of Fingerprint's Server API hosts. */
export function isFingerprintApiHost(hostname) {
  return fingerprintApiHosts.has(hostname)
}

/**
 * A fetch for requests to Fingerprint's Server API only, sent to `standInUrl()` (its base, e.g.
 * `http://127.0.0.1:3000/fp`) instead; any other host is refused (a rejected promise, as fetch
 * fails), unless `otherHosts` is given to send them to.
 */
export function routeFingerprintApi(standInUrl, { realFetch = globalThis.fetch, otherHosts } = {}) {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input))
    if (!isFingerprintApiHost(url.hostname)) {
      if (otherHosts !== undefined) return otherHosts(input, init)
      return Promise.reject(
        new TypeError(`Only Fingerprint's Server API is routed to the stand-in, not ${url.hostname}.`),
      )
    }
    const headers = new Headers(input instanceof Request ? input.headers : init?.headers)
    headers.set(requestedHostHeader, url.hostname)
    return realFetch(`${standInUrl()}${url.pathname}${url.search}`, { ...init, headers })
  }
}
