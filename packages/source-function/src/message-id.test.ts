import { describe, expect, it } from 'vitest'
import { deterministicMessageId, maxMessageIdLength, messageIdPrefix } from './message-id'

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

  it('never gives two ids the same messageId: lone surrogates and U+FFFD are told apart', () => {
    const ids = ['evt-\ud800', 'evt-\udbff', 'evt-\ufffd', 'evt-\ud83d\ude00', 'evt-\ude00\ud83d']
    expect(new Set(ids.map((id) => deterministicMessageId(id, 'track'))).size).toBe(ids.length)
  })

  it('one prefix for every call of an event: readable or hashed for all of them', () => {
    const id = 'a'.repeat(89)
    expect(messageIdPrefix(id)).toMatch(/^fp-[0-9a-f]{64}-$/)
    for (const key of ['identify', 'page', 'risk'])
      expect(deterministicMessageId(id, key)).toBe(`${messageIdPrefix(id)}${key}`)
    expect(messageIdPrefix('a'.repeat(88))).toBe(`fp-${'a'.repeat(88)}-`)
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
