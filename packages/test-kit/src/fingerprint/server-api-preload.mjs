// Preloaded (`node --import <serverApiPreloadPath>`) into a child process of the tests: its fetch sends
// requests for Fingerprint's Server API hosts to the stand-in at SERVER_API_STAND_IN (a
// `ServerApiStandIn`'s `origin`), and everything else where it went. The routing is the stand-in's own.
import { routeFingerprintApi } from './fingerprint-api-routing.mjs'

const standIn = process.env.SERVER_API_STAND_IN
if (standIn !== undefined) {
  const realFetch = globalThis.fetch
  globalThis.fetch = routeFingerprintApi(() => standIn, { realFetch, otherHosts: realFetch })
}
