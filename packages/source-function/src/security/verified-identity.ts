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

/**
 * Decides whether the calls may carry the userId the browser claims. Without `identitySecrets`
 * the claim is used as it is (the behaviour of sites that cannot mint proofs). With them, only a
 * valid, unexpired proof for exactly that userId makes it the calls' userId; otherwise the claim
 * is kept only as `context.fingerprint.claimedUserId`, marked `identityVerified: false`.
 */
export function resolveVerifiedIdentity(
  claimedUserId: string | undefined,
  identityProof: string | undefined,
  identitySecrets: readonly string[],
  now: number,
): IdentityResolution {
  if (claimedUserId === undefined) return {}
  if (identitySecrets.length === 0) return { userId: claimedUserId }
  const check = verifyIdentityProof(identityProof, claimedUserId, identitySecrets, now)
  if (check.verified) return { userId: claimedUserId, fingerprintContext: { identityVerified: true } }
  return { fingerprintContext: { identityVerified: false, claimedUserId, identityProofError: check.reason } }
}
