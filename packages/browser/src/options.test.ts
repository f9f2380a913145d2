import { describe, expect, it } from 'vitest'
import { createV3Agent } from '../test/agents'
import type { SegmentAnalytics } from './analytics-types'
import { fingerprintPlugin } from './fingerprint-plugin'
import type { FingerprintPluginOptions, WithSegmentOptions } from './options'
import { withSegment } from './with-segment/with-segment'

const analytics: SegmentAnalytics = {
  user: () => ({ id: () => null, anonymousId: () => 'a', traits: () => undefined }),
  group: () => ({ id: () => null, traits: () => undefined }),
}

describe('fingerprintPlugin options', () => {
  const agent = createV3Agent()

  it.each([
    [undefined, /fingerprintPlugin: option "options" must be an object/],
    [{}, /option "agent" must be a Fingerprint agent or a promise of one/],
    [{ agent: { collect() {} } }, /option "agent"/],
    [{ agent, timeout: -1 }, /option "timeout" must be 0 to 10000 \(ms\)/],
    [{ agent, timeout: 2 ** 31 }, /option "timeout" must be 0 to 10000 \(ms\)/],
    [{ agent, timeout: 10_001 }, /option "timeout"/],
    [{ agent, timeout: '100' }, /option "timeout"/],
    [{ agent, timeout: Number.NaN }, /option "timeout"/],
    [{ agent, timeout: Infinity }, /option "timeout"/],
    [{ agent, onError: 'log' }, /option "onError" must be a function/],
    [{ agent, identityProof: 42 }, /option "identityProof" must be a string or a function/],
    [{ agent, forward: 'page' }, /option "forward" must be an array of \["page","track"\]/],
    [{ agent, forward: ['identify'] }, /option "forward"/],
    [{ agent, cache: 'indexedDB' }, /option "cache" must be one of \[false,"sessionStorage","localStorage"\]/],
    [{ agent, cache: true }, /option "cache"/],
    [{ agent, cacheTtl: 43_200_001 }, /option "cacheTtl" must be 0 to 43200000 \(ms\)/],
    [{ agent, cacheTtl: '1h' }, /option "cacheTtl"/],
    [{ agent, consent: true }, /option "consent" must be a string or a function/],
  ])('rejects %j', (options, message) => {
    // Options as untyped JavaScript callers may pass them.
    const create = (): unknown => fingerprintPlugin(options as unknown as FingerprintPluginOptions)
    expect(create).toThrow(TypeError)
    expect(create).toThrow(message)
  })

  it('accepts a loaded agent, a promise of one, and every documented option', () => {
    expect(fingerprintPlugin({ agent }).name).toBe('Fingerprint')
    expect(() => fingerprintPlugin({ agent: Promise.resolve(agent) })).not.toThrow()
    expect(() =>
      fingerprintPlugin({
        agent,
        timeout: 0,
        onError: () => undefined,
        forward: ['page', 'track'],
        identityProof: () => undefined,
        cache: 'localStorage',
        cacheTtl: 0,
        consent: 'Analytics',
      }),
    ).not.toThrow()
  })
})

describe('withSegment options', () => {
  it('rejects a missing agent or invalid options, naming them', () => {
    const bad = (agent: unknown, options?: unknown): unknown =>
      withSegment(agent as ReturnType<typeof createV3Agent>, analytics, options as WithSegmentOptions)
    expect(() => bad(undefined)).toThrow(/withSegment: option "agent" must be a Fingerprint agent$/)
    expect(() => bad(Promise.resolve(createV3Agent()))).toThrow(/option "agent"/)
    expect(() => bad(createV3Agent(), 'fast')).toThrow(/option "options" must be an object/)
    expect(() => bad(createV3Agent(), { timeout: -5 })).toThrow(/withSegment: option "timeout"/)
  })
})
