import { describe, expect, it } from 'vitest'
import { defaultStoreLocation, describeStoreLocation, parseStoreLocation } from './store-location'

describe('parseStoreLocation', () => {
  it.each([
    [defaultStoreLocation, { engine: 'sqlite', path: './fingerprint-segment.db' }],
    [
      'sqlite:/var/lib/fingerprint-segment/queue.db',
      { engine: 'sqlite', path: '/var/lib/fingerprint-segment/queue.db' },
    ],
    ['postgres://u:p@db.internal:5432/fs', { engine: 'postgres', url: 'postgres://u:p@db.internal:5432/fs' }],
    ['postgresql://db.internal/fs', { engine: 'postgres', url: 'postgresql://db.internal/fs' }],
  ])('reads %s', (text, location) => {
    expect(parseStoreLocation(text)).toEqual(location)
  })

  it.each(['', 'sqlite:', 'sqlite::memory:', 'mysql://db/fs', './queue.db', 'postgres://'])(
    'refuses %j with a TypeError',
    (text) => {
      expect(() => parseStoreLocation(text)).toThrow(TypeError)
    },
  )
})

describe('describeStoreLocation', () => {
  it('never shows a password', () => {
    const described = describeStoreLocation(parseStoreLocation('postgres://fs:s3cr3t@db.internal:5432/fs'))
    expect(described).toBe('postgres://fs:***@db.internal:5432/fs')
  })

  it('shows an SQLite path as it was given', () => {
    expect(describeStoreLocation(parseStoreLocation('sqlite:./q.db'))).toBe('sqlite:./q.db')
  })
})
