import { describe, expect, it } from 'vitest'
import { signIdentity, verifyIdentityProof } from './identity-proof'

const now = Date.UTC(2025, 0, 1)
const inAnHour = now + 3_600_000

describe('signIdentity', () => {
  it('mints a compact, versioned token', () => {
    const token = signIdentity({ userId: 'user-1', expiresAt: inAnHour }, 'identity-secret')
    expect(token).toMatch(/^fpid1\.\d+\.[0-9a-f]{64}$/)
    expect(token.length).toBeLessThan(100)
  })

  it('is deterministic and takes a Date or epoch milliseconds', () => {
    expect(signIdentity({ userId: 'u', expiresAt: new Date(inAnHour) }, 's')).toBe(
      signIdentity({ userId: 'u', expiresAt: inAnHour + 999 }, 's'),
    )
  })

  it.each([
    [{ userId: '', expiresAt: inAnHour }, 's', /userId/],
    [{ userId: 'x'.repeat(257), expiresAt: inAnHour }, 's', /userId/],
    [{ userId: 'u', expiresAt: Number.NaN }, 's', /expiresAt/],
    [{ userId: 'u', expiresAt: new Date('nope') }, 's', /expiresAt/],
    [{ userId: 'u', expiresAt: inAnHour }, '  ', /secret/],
  ])('refuses %j with secret %j', (claim, secret, message) => {
    expect(() => signIdentity(claim, secret)).toThrow(message)
  })
})

describe('verifyIdentityProof', () => {
  const token = signIdentity({ userId: 'user-1', expiresAt: inAnHour }, 'identity-secret')

  it('verifies a proof for the same userId before it expires', () => {
    expect(verifyIdentityProof(token, 'user-1', ['identity-secret'], now)).toEqual({
      verified: true,
      expiresAt: inAnHour,
    })
  })

  it('accepts any of several secrets (rotation)', () => {
    expect(verifyIdentityProof(token, 'user-1', ['next-secret', 'identity-secret'], now).verified).toBe(true)
  })

  it.each([
    ['no proof', undefined, 'user-1', ['identity-secret'], now, 'missing'],
    ['an empty proof', '', 'user-1', ['identity-secret'], now, 'missing'],
    ['another userId', token, 'user-2', ['identity-secret'], now, 'bad-signature'],
    ['a userId differing only in case', token, 'User-1', ['identity-secret'], now, 'bad-signature'],
    ['another secret', token, 'user-1', ['other-secret'], now, 'bad-signature'],
    ['an expired proof', token, 'user-1', ['identity-secret'], inAnHour, 'expired'],
    [
      'a later expiry with the old MAC',
      token.replace(/\.\d+\./, `.${Math.floor(inAnHour / 1000) + 86_400}.`),
      'user-1',
      ['identity-secret'],
      now,
      'bad-signature',
    ],
    ['a JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.sig', 'user-1', ['identity-secret'], now, 'malformed'],
    ['an unknown version', token.replace('fpid1', 'fpid3'), 'user-1', ['identity-secret'], now, 'malformed'],
    ['a huge token', `fpid1.1.${'a'.repeat(10_000)}`, 'user-1', ['identity-secret'], now, 'malformed'],
  ])('refuses %s', (_label, proof, userId, secrets, at, reason) => {
    expect(verifyIdentityProof(proof, userId, secrets, at)).toEqual({ verified: false, reason })
  })

  it('matches the HMAC a site can compute with node:crypto', async () => {
    const { createHmac } = await import('node:crypto')
    const expiry = Math.floor(inAnHour / 1000)
    const mac = createHmac('sha256', 'identity-secret').update(`fpid1\n${expiry}\nÜser ✓`, 'utf8').digest('hex')
    expect(verifyIdentityProof(`fpid1.${expiry}.${mac}`, 'Üser ✓', ['identity-secret'], now).verified).toBe(true)
  })
})
