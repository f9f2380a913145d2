// Preloaded (`node --import`) into a child process of the tests: its fetch sends requests for
// Fingerprint's Server API hosts (any region) to the local stand-in at SERVER_API_STAND_IN, path
// and headers kept, the host named in `x-requested-host` (as the stand-in's own `fetch` does).
// Fingerprint's cloud cannot be reached from tests; this routing is the one part mocked.
const standIn = process.env.SERVER_API_STAND_IN
const fingerprintApiHost = /^(?:[a-z]{2}\.)?api\.fpjs\.io$/
const realFetch = globalThis.fetch

globalThis.fetch = (input, init) => {
  const url = new URL(input instanceof Request ? input.url : String(input))
  if (standIn === undefined || !fingerprintApiHost.test(url.hostname)) return realFetch(input, init)
  const headers = new Headers(input instanceof Request ? input.headers : init?.headers)
  headers.set('x-requested-host', url.hostname)
  return realFetch(`${standIn}${url.pathname}${url.search}`, { ...init, headers })
}
