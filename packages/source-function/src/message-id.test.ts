import { describe, expect, it } from 'vitest'
import { deterministicMessageId, maxMessageIdLength } from './message-id'

describe('deterministicMessageId', () => {
  it('is readable for ordinary Fingerprint ids', () => {
    expect(deterministicMessageId('1708102555327.NLOjmg', 'identify')).toBe('fp-1708102555327.NLOjmg-identify')
    expect(deterministicMessageId('Px6VxbRC6WBkA39yeNH3', 'track')).toBe('fp-Px6VxbRC6WBkA39yeNH3-track')
  })

  it('is the same for the same event and call, and different across calls and events', () => {
    expect(deterministicMessageId('a.b', 'page')).toBe(deterministicMessageId('a.b', 'page'))
    expect(deterministicMessageId('a.b', 'page')).not.toBe(deterministicMessageId('a.b', 'track'))
    expect(deterministicMessageId('a.b', 'page')).not.toBe(deterministicMessageId('a.c', 'page'))
  })

  it('hashes long or unusual ids and stays within 100 characters', () => {
    const long = 'x'.repeat(500)
    const id = deterministicMessageId(long, 'identify')
    expect(id.length).toBeLessThanOrEqual(maxMessageIdLength)
    expect(id).toMatch(/^fp-[0-9a-f]{64}-identify$/)
    expect(deterministicMessageId('id with spaces/and"quotes', 'page')).toMatch(/^fp-[0-9a-f]{64}-page$/)
    expect(deterministicMessageId(long, 'identify')).not.toBe(deterministicMessageId(`${long}y`, 'identify'))
  })
})
