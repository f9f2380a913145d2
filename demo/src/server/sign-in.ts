/**
 * The demo site's own backend: `POST /api/sign-in` `{ email, name?, anonymousId? }` "authenticates"
 * the visitor (any email works in the demo) and mints an identity proof with `signIdentity`, the way
 * a real site's login endpoint would, so the Source Function can trust the userId the browser sends.
 * With the browser's Analytics.js anonymousId, the proof is bound to it (a copy in another browser
 * is refused).
 */
import { createHash } from 'node:crypto'
import { signIdentity } from '@fingerprint-segment/source-function'
import { readJsonObject, RequestError, sendJson, type RouteHandler } from './http'

/** How long a proof stays valid. */
const proofLifetimeMs = 60 * 60 * 1000

/** The answer of `/api/sign-in`. */
export interface SignInResponse {
  userId: string
  traits: { email: string; name: string }
  /** Absent when the demo runs without `FINGERPRINT_IDENTITY_SECRET`. */
  identityProof?: string
  /** Epoch milliseconds. */
  expiresAt: number
}

/** The site's user id for an email (stable, so signing in twice gives the same user). */
export function userIdFor(email: string): string {
  return `usr_${createHash('sha256').update(email.toLowerCase()).digest('hex').slice(0, 12)}`
}

export function signInRoutes(identitySecret: string): RouteHandler {
  return async (request, response, url) => {
    if (url.pathname !== '/api/sign-in' || request.method !== 'POST') return false
    const body = await readJsonObject(request)
    const email = typeof body.email === 'string' ? body.email.trim() : ''
    if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 200)
      throw new RequestError(400, 'Enter a valid email address.')
    const name =
      typeof body.name === 'string' && body.name.trim()
        ? body.name.trim().slice(0, 100)
        : (email.split('@')[0] ?? email)
    const userId = userIdFor(email)
    const expiresAt = Date.now() + proofLifetimeMs
    const anonymousId =
      typeof body.anonymousId === 'string' && body.anonymousId.trim() !== '' && body.anonymousId.length <= 256
        ? body.anonymousId
        : undefined
    const answer: SignInResponse = { userId, traits: { email, name }, expiresAt }
    if (identitySecret) {
      answer.identityProof = signIdentity(
        anonymousId === undefined ? { userId, expiresAt } : { userId, expiresAt, anonymousId },
        identitySecret,
      )
    }
    sendJson(response, 200, answer)
    return true
  }
}
