/**
 * How a stand-in answers HTTP: a handler that takes the requests on its own paths and leaves the
 * others, so the same stand-in runs on a port of its own (tests) or on a path of another server
 * (the demo serves everything on one port).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

/**
 * Answers `request` when its path is one of the stand-in's (resolving true once it has taken it,
 * maybe before the answer is written), or leaves it untouched for the next handler (false).
 */
export type StandInHandler = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>

/** The path of a request, without its query string. */
export function requestPath(request: IncomingMessage): string {
  const url = request.url ?? '/'
  const query = url.indexOf('?')
  return query < 0 ? url : url.slice(0, query)
}

/** A base path as the stand-ins take it: no trailing slash, `''` for none. */
export function normalizeBasePath(basePath: string | undefined): string {
  return (basePath ?? '').replace(/\/+$/, '')
}
