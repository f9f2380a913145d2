import type { IdentityProof } from './options'

/** The identity proof to send now: the string itself, or what the function returns (awaited). */
export async function readIdentityProof(proof: IdentityProof | undefined): Promise<string | undefined> {
  const value = typeof proof === 'function' ? await proof() : proof
  if (value !== undefined && typeof value !== 'string') {
    throw new TypeError(`[fingerprint-segment] "identityProof" returned ${typeof value}, expected a string or undefined`)
  }
  return value === '' ? undefined : value
}
