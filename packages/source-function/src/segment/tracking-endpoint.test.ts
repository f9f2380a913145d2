import { describe, expect, it } from 'vitest'
import { trackingEndpoint } from './tracking-endpoint'

describe('trackingEndpoint', () => {
  it("is Segment's batch endpoint by default", () => {
    expect(trackingEndpoint().url).toBe('https://api.segment.io/v1/batch')
  })

  it.each([
    ['https://proxy.example/segment', 'https://proxy.example', '/segment/v1/batch'],
    ['https://proxy.example/segment/', 'https://proxy.example', '/segment/v1/batch'],
    ['http://127.0.0.1:4100', 'http://127.0.0.1:4100', '/v1/batch'],
    ['https://events.eu1.segmentapis.com/', 'https://events.eu1.segmentapis.com', '/v1/batch'],
  ])('keeps the base path of %s', (base, host, path) => {
    expect(trackingEndpoint(base)).toEqual({ host, path, url: `${host}${path}` })
  })

  it.each(['proxy.example', 'ftp://proxy.example', 'https://proxy.example/?key=1', 'https://proxy.example/#x', ''])(
    'refuses %j with a TypeError',
    (base) => {
      expect(() => trackingEndpoint(base)).toThrow(TypeError)
    },
  )
})
