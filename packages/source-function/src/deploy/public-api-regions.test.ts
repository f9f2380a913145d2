import { describe, expect, it } from 'vitest'
import { isWorkspaceRegion, publicApiBaseUrl, publicApiHosts } from './public-api-regions'

describe('publicApiBaseUrl', () => {
  it("is Segment's host for the workspace's region", () => {
    expect(publicApiBaseUrl('us')).toBe('https://api.segmentapis.com')
    expect(publicApiBaseUrl('eu')).toBe('https://eu1.api.segmentapis.com')
    expect(Object.keys(publicApiHosts)).toEqual(['us', 'eu'])
    expect(isWorkspaceRegion('eu')).toBe(true)
    expect(isWorkspaceRegion('ap')).toBe(false)
  })

  it('is the given URL, without a trailing slash, whatever the region', () => {
    expect(publicApiBaseUrl('eu', 'https://staging.example.com/segment/')).toBe('https://staging.example.com/segment')
    expect(publicApiBaseUrl('us', 'http://127.0.0.1:4321')).toBe('http://127.0.0.1:4321')
    expect(publicApiBaseUrl('us', 'http://localhost:4321/')).toBe('http://localhost:4321')
  })

  it.each([
    ['not a URL', 'api.segmentapis.com', /is not a URL/],
    ['plain http to another machine', 'http://api.example.com', /in clear/],
    ['another scheme', 'ftp://127.0.0.1', /must be https/],
    ['a query', 'https://api.example.com/?x=1', /query/],
  ])('refuses %s', (_label, url, message) => {
    expect(() => publicApiBaseUrl('us', url)).toThrow(message)
  })
})
