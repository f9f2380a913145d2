/** The header that tells the stand-in which of Fingerprint's hosts a request was for. */
export declare const requestedHostHeader: 'x-requested-host'

/** Whether `hostname` is one of Fingerprint's Server API hosts. */
export declare function isFingerprintApiHost(hostname: string): boolean

export interface FingerprintApiRoutingOptions {
  /** The fetch that sends the routed request. @default globalThis.fetch */
  realFetch?: typeof fetch
  /** Where requests for other hosts go. @default refused (a rejected promise) */
  otherHosts?: typeof fetch
}

/**
 * A fetch for requests to Fingerprint's Server API only, sent to `standInUrl()` (its base, e.g.
 * `http://127.0.0.1:3000/fp`) instead; any other host is refused (a rejected promise, as fetch
 * fails), unless `otherHosts` is given to send them to.
 */
export declare function routeFingerprintApi(
  standInUrl: () => string,
  options?: FingerprintApiRoutingOptions,
): typeof fetch
