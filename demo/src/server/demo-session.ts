/**
 * One panel per visitor: the page sets a `demo-session` cookie (a random id, per browser profile)
 * and every activity the visitor's requests cause carries it, so the live panel, "Replay" and
 * "Clear" show and act on that visitor's own activity, not every tab's.
 */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'

const cookieName = 'demo-session'

/** The demo session of a request, from its cookie; undefined for requests without one (servers, tests). */
export function sessionOf(request: IncomingMessage): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, value] = part.trim().split('=')
    if (name === cookieName && value && /^[\w-]{1,64}$/.test(value)) return value
  }
  return undefined
}

/** The request's session, starting a new one (with its cookie) when it has none. */
export function ensureSession(request: IncomingMessage, response: ServerResponse): string {
  const existing = sessionOf(request)
  if (existing) return existing
  const session = randomUUID()
  response.setHeader('set-cookie', `${cookieName}=${session}; Path=/; HttpOnly; SameSite=Lax`)
  return session
}
