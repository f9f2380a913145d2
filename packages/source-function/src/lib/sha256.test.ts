import { utf8Bytes } from './utf8'
import { createHash, createHmac, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { hmacSha256, sha256, toHex } from './sha256'

describe('sha256', () => {
  it('matches the published test vectors', () => {
    expect(toHex(sha256(utf8Bytes('')))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(toHex(sha256(utf8Bytes('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })

  it("matches Node's crypto for random inputs of every length around the block boundaries", () => {
    for (let length = 0; length < 200; length++) {
      const input = randomBytes(length)
      expect(toHex(sha256(input))).toBe(createHash('sha256').update(input).digest('hex'))
    }
  })
})

describe('hmacSha256', () => {
  it("gives Fingerprint's documented webhook signature test vector", () => {
    expect(toHex(hmacSha256(utf8Bytes('secret'), utf8Bytes('data')))).toBe(
      '1b2c16b75bd2a870c114153ccda5bcfca63314bc722fa160d690de133ccbb9db',
    )
  })

  it("matches Node's crypto for short, block-sized and long keys", () => {
    for (const keyLength of [0, 1, 32, 63, 64, 65, 200]) {
      const key = randomBytes(keyLength)
      const message = randomBytes(1000)
      expect(toHex(hmacSha256(key, message))).toBe(createHmac('sha256', key).update(message).digest('hex'))
    }
  })
})

describe('utf8Bytes', () => {
  it("encodes like Node's Buffer, including astral characters and lone surrogates", () => {
    for (const text of ['plain', 'café', '日本語', 'emoji 🎉 ok', 'lone \ud800 surrogate', '\udc00x']) {
      expect(Buffer.from(utf8Bytes(text)).equals(Buffer.from(text, 'utf8'))).toBe(true)
    }
  })
})
