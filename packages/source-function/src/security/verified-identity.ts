import { verifyIdentityProof, type IdentityProofFailure } from './identity-proof'

/** How the payload's claimed userId was treated. */
export interface IdentityResolution {
  /** The userId the calls carry: the claimed one when trusted, otherwise none. */
  userId?: string
  /**
   * Fields for `context.fingerprint` when `identitySecrets` are set and a userId was claimed:
   * `identityVerified`, and when refused `claimedUserId` and `identityProofError`.
   */
  fingerprintContext?: { identityVerified: boolean; claimedUserId?: string; identityProofError?: IdentityProofFailure }
}

/** What the tag claims: the userId, its proof, and the Segment anonymousId it was sent with. */
export interface IdentityClaimInTag {
  userId?: string
  identityProof?: string
  anonymousId?: string
}

/**
 * Decides whether the calls may carry the userId the browser claims. Without `identitySecrets`
 * the claim is used as it is (the behaviour of sites that cannot mint proofs). With them, only a
 * valid, unexpired proof for exactly that userId (and that anonymousId, when the proof names one)
 * makes it the calls' userId; otherwise the claim is kept only as
 * `context.fingerprint.claimedUserId`, marked `identityVerified: false`.
 */
export function resolveVerifiedIdentity(
  claim: IdentityClaimInTag,
  identitySecrets: readonly string[],
  now: number,
): IdentityResolution {
  const claimedUserId = claim.userId
  if (claimedUserId === undefined) return {}
  if (identitySecrets.length === 0) return { userId: claimedUserId }
  const check = verifyIdentityProof(claim.identityProof, claimedUserId, identitySecrets, now, claim.anonymousId)
  if (check.verified) return { userId: claimedUserId, fingerprintContext: { identityVerified: true } }
  return { fingerprintContext: { identityVerified: false, claimedUserId, identityProofError: check.reason } }
}
