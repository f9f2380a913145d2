import { describe, expect, it } from 'vitest'
import { routeRequest } from './request-router'

const paths = { healthPath: '/health', metricsPath: '/metrics' }

describe('routeRequest', () => {
  it.each([
    ['GET', '/health', 'health'],
    ['HEAD', '/health?verbose', 'health'],
    ['GET', '/health/live', 'live'],
    ['GET', '/health/ready', 'ready'],
    ['GET', '/metrics', 'metrics'],
    ['POST', '/', 'webhook'],
    ['POST', '/fingerprint?token=x', 'webhook'],
    ['POST', '/health', 'webhook'],
    ['GET', '/', 'method-not-allowed'],
    ['PUT', '/', 'method-not-allowed'],
    ['GET', '/health/other', 'method-not-allowed'],
  ] as const)('%s %s goes to %s', (method, url, route) => {
    expect(routeRequest(method, url, paths)).toBe(route)
  })

  it('follows the configured paths', () => {
    expect(routeRequest('GET', '/_/ready', { healthPath: '/_', metricsPath: '/_/metrics' })).toBe('ready')
    expect(routeRequest('GET', '/_/metrics', { healthPath: '/_', metricsPath: '/_/metrics' })).toBe('metrics')
  })
})
