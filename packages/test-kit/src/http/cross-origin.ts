/**
 * CORS as Segment's and Fingerprint's APIs answer it to browsers: any origin may call (echoed, so
 * requests with credentials work too), with the `Authorization` and `Content-Type` headers that
 * Analytics.js and the agents send.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

/** Sets the headers that let the calling origin read the answer. */
export function allowAnyOrigin(request: IncomingMessage, response: ServerResponse): void {
  response.setHeader('access-control-allow-origin', request.headers.origin ?? '*')
  response.setHeader('access-control-allow-credentials', 'true')
  response.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS')
  response.setHeader('access-control-allow-headers', 'Authorization, Content-Type')
  response.setHeader('access-control-max-age', '600')
  response.setHeader('vary', 'Origin')
}

/** Answers a CORS preflight (`OPTIONS`): 204 with the headers above. */
export function answerPreflight(request: IncomingMessage, response: ServerResponse): void {
  allowAnyOrigin(request, response)
  response.writeHead(204).end()
}
