/** Reads a request header by name (case-insensitive), as `Headers.get` does. */
export interface HeaderLookup {
  get(name: string): string | null | undefined
}

/** One webhook as any host hands it to the pipeline. */
export interface WebhookRequest {
  /**
   * The body exactly as it arrived. Needed to check `FPJS-Event-Signature`: the signature is over
   * these bytes, and a re-serialized body does not match it.
   */
  rawBody?: string
  /** The body already parsed, for hosts that only have that (used when `rawBody` is absent). */
  parsedBody?: unknown
  headers?: HeaderLookup
  /** The URL the webhook was posted to, with its query string. */
  url?: string
}
