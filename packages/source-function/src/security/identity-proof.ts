import { utf8Bytes } from '../lib/utf8'
import { hmacSha256, toHex } from '../lib/sha256'
import { constantTimeEqual } from './constant-time'

/**
 * Verified identities: the site's own backend mints a short proof that a userId really is the
 * signed-in user (`signIdentity`), the browser passes it in the tag as `identityProof`, and the
 * source function uses the userId only when the proof checks out (`verifyIdentityProof`).
 *
 * Token: `fpid1.<expiry in epoch seconds>.<hex HMAC-SHA256>`. The MAC covers a version label, the
 * expiry and the exact userId, so a proof cannot be moved to another user or given a later expiry.
 * A proof minted for one Segment anonymousId (`fpid2`) covers that anonymousId too, so a proof
 * copied from one visitor's browser is refused on another's. Neither id is in the token: the
 * verifier already has them from the payload.
 */
export const identityProofVersion = 'fpid1'

/** The version label of proofs bound to an anonymousId. */
export const boundIdentityProofVersion = 'fpid2'

/** Longest userId a proof can be minted for (the payload's own limit). */
const maxUserIdLength = 256
/** Longest token looked at; anything longer is malformed without further work. */
const maxTokenLength = 128
const tokenPattern = /^(fpid1|fpid2)\.(\d{1,12})\.([0-9a-f]{64})$/

/** What `signIdentity` signs. */
export interface IdentityClaim {
  /** The signed-in user's id, exactly as the browser will send it in `identify.userId`. */
  userId: string
  /** When the proof stops being accepted: a `Date` or epoch milliseconds (like `Date.now()`). Rounded down to the second. */
  expiresAt: Date | number
  /**
   * The visitor's Segment anonymousId (Analytics.js `analytics.user().anonymousId()`, or the
   * `ajs_anonymous_id` cookie). When given, the proof is accepted only on events that carry this
   * anonymousId, so a proof copied from one visitor's browser does not work on another's.
   * @default undefined (the proof works with any anonymousId)
   * @example request.cookies.ajs_anonymous_id
   */
  anonymousId?: string
}

/** Why a proof was refused. `bad-signature` also covers a proof minted for another userId or anonymousId. */
export type IdentityProofFailure = 'missing' | 'malformed' | 'bad-signature' | 'expired'

export type IdentityProofCheck =
  { verified: true; expiresAt: number } | { verified: false; reason: IdentityProofFailure }

/**
 * Mints an identity proof on the site's backend, for the user it has just authenticated.
 * Node or any JavaScript runtime; no crypto API needed.
 *
 * @param secret the same secret as the source function's `identitySecret` setting.
 * @throws TypeError / RangeError for an empty userId or secret, or an invalid expiry.
 */
export function signIdentity(claim: IdentityClaim, secret: string): string {
  const { userId } = claim
  if (typeof userId !== 'string' || userId.trim() === '')
    throw new TypeError('signIdentity: userId must be a non-empty string.')
  if (userId.length > maxUserIdLength)
    throw new RangeError(`signIdentity: userId is over ${maxUserIdLength} characters.`)
  if (typeof secret !== 'string' || secret.trim() === '')
    throw new TypeError('signIdentity: secret must be a non-empty string.')
  const expiresAtMs = claim.expiresAt instanceof Date ? claim.expiresAt.getTime() : claim.expiresAt
  if (typeof expiresAtMs !== 'number' || !Number.isFinite(expiresAtMs) || expiresAtMs <= 0) {
    throw new RangeError('signIdentity: expiresAt must be a valid Date or a positive number of epoch milliseconds.')
  }
  const expiresAtSeconds = Math.floor(expiresAtMs / 1000)
  if (expiresAtSeconds > 999_999_999_999) throw new RangeError('signIdentity: expiresAt is too far in the future.')
  const { anonymousId } = claim
  if (anonymousId !== undefined && (typeof anonymousId !== 'string' || anonymousId.trim() === ''))
    throw new TypeError('signIdentity: anonymousId must be a non-empty string when given.')
  if (anonymousId !== undefined && anonymousId.length > maxUserIdLength)
    throw new RangeError(`signIdentity: anonymousId is over ${maxUserIdLength} characters.`)
  const version = anonymousId === undefined ? identityProofVersion : boundIdentityProofVersion
  return `${version}.${expiresAtSeconds}.${identityMac(version, userId, anonymousId, expiresAtSeconds, secret.trim())}`
}

/**
 * Checks a proof for exactly `userId` (and `anonymousId`, when the proof was minted for one)
 * against each of `secrets` (several while rotating).
 *
 * @param now the current time in epoch milliseconds; passed in so the check is a pure function.
 * @param anonymousId the anonymousId the event carries; a proof minted for another (or for one,
 *   when the event has none) is refused as `bad-signature`.
 */
export function verifyIdentityProof(
  token: string | undefined,
  userId: string,
  secrets: readonly string[],
  now: number,
  anonymousId?: string,
): IdentityProofCheck {
  if (token === undefined || token === '') return { verified: false, reason: 'missing' }
  if (token.length > maxTokenLength) return { verified: false, reason: 'malformed' }
  const match = tokenPattern.exec(token)
  if (!match) return { verified: false, reason: 'malformed' }
  const version = match[1] as string
  const expiresAtSeconds = Number(match[2])
  const mac = match[3] as string
  const bound = version === boundIdentityProofVersion
  if (bound && anonymousId === undefined) return { verified: false, reason: 'bad-signature' }
  const boundTo = bound ? anonymousId : undefined
  let signed = false
  for (const secret of secrets)
    signed = constantTimeEqual(mac, identityMac(version, userId, boundTo, expiresAtSeconds, secret)) || signed
  if (!signed) return { verified: false, reason: 'bad-signature' }
  if (now >= expiresAtSeconds * 1000) return { verified: false, reason: 'expired' }
  return { verified: true, expiresAt: expiresAtSeconds * 1000 }
}

function identityMac(
  version: string,
  userId: string,
  anonymousId: string | undefined,
  expiresAtSeconds: number,
  secret: string,
): string {
  // Two ids are written as a JSON array: no userId can end where an anonymousId begins.
  const ids = anonymousId === undefined ? userId : JSON.stringify([userId, anonymousId])
  const claim = `${version}\n${expiresAtSeconds}\n${ids}`
  return toHex(hmacSha256(utf8Bytes(secret), utf8Bytes(claim)))
}
