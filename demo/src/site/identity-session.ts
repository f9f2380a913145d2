/** The signed-in user of the demo site and the identity proof its backend minted, kept in localStorage. */
export interface SignedInUser {
  userId: string
  traits: { email: string; name: string }
  /** Absent for the forged sign-in (and when the server runs without `FINGERPRINT_IDENTITY_SECRET`). */
  identityProof?: string | undefined
  /** Epoch milliseconds after which the proof is refused. */
  expiresAt?: number | undefined
}

const storageKey = 'lumen-demo-user'

export function currentUser(): SignedInUser | undefined {
  try {
    const stored = localStorage.getItem(storageKey)
    return stored ? (JSON.parse(stored) as SignedInUser) : undefined
  } catch {
    return undefined
  }
}

export function saveUser(user: SignedInUser): void {
  localStorage.setItem(storageKey, JSON.stringify(user))
}

export function forgetUser(): void {
  localStorage.removeItem(storageKey)
}

/** The proof to send with identifications: only while it has not expired. */
export function currentIdentityProof(): string | undefined {
  const user = currentUser()
  if (!user?.identityProof || (user.expiresAt !== undefined && user.expiresAt <= Date.now())) return undefined
  return user.identityProof
}
