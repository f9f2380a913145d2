import { AnalyticsBrowser } from '@segment/analytics-next'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createV3Agent, createV4Agent } from '../../test/agents'
import { clearSegmentStorage, loadAnalytics } from '../../test/segment-harness'
import type { SegmentAnalytics } from '../analytics-types'
import { withSegment } from './with-segment'

beforeEach(clearSegmentStorage)

async function identifiedAnalytics(): Promise<{ analytics: SegmentAnalytics; anonymousId: string }> {
  const { analytics } = await loadAnalytics()
  await analytics.identify('user-1', { email: 'ada@example.com', plan: 'free' })
  return { analytics, anonymousId: String(analytics.user().anonymousId()) }
}

describe('withSegment and the v3 agent', () => {
  it('adds the payload to the tag, keeping every other key, integration and option', async () => {
    const { analytics, anonymousId } = await identifiedAnalytics()
    const agent = createV3Agent()
    const fp = withSegment(agent, analytics)
    const result = await fp.get({
      linkedId: 'order-42',
      timeout: 5000,
      tag: { orderId: 42, integrations: { crm: { id: 'c-1' }, segment: { identify: { traits: { plan: 'pro' } } } } },
    })

    expect(result.requestId).toBe('v3-request-1')
    expect(agent.calls[0]).toEqual({
      linkedId: 'order-42',
      timeout: 5000,
      tag: {
        orderId: 42,
        integrations: {
          crm: { id: 'c-1' },
          segment: { anonymousId, identify: { userId: 'user-1', traits: { email: 'ada@example.com', plan: 'pro' } } },
        },
      },
    })
  })

  it('wraps a simple tag value as { tag } and creates the tag when there is none', async () => {
    const { analytics, anonymousId } = await identifiedAnalytics()
    const agent = createV3Agent()
    const fp = withSegment(agent, analytics)
    await fp.get({ tag: 'checkout' })
    await fp.get()
    expect(agent.calls[0]?.tag).toMatchObject({ tag: 'checkout', integrations: { segment: { anonymousId } } })
    expect(agent.calls[1]?.tag).toMatchObject({ integrations: { segment: { anonymousId } } })
  })

  it('passes the call through untouched with skipIntegration', async () => {
    const { analytics } = await identifiedAnalytics()
    const agent = createV3Agent()
    const options = { tag: { integrations: { segment: { skipIntegration: true } } } }
    await withSegment(agent, analytics).get(options)
    expect(agent.calls[0]).toEqual(options)
  })

  it('sends identityProof from the option, unless the call sets its own', async () => {
    const { analytics } = await identifiedAnalytics()
    const agent = createV3Agent()
    const fp = withSegment(agent, analytics, { identityProof: async () => 'from-option' })
    await fp.get()
    await fp.get({ tag: { integrations: { segment: { identityProof: 'from-call' } } } })
    expect(
      agent.calls.map(
        (call) =>
          (call.tag as { integrations: { segment: { identityProof: string } } }).integrations.segment.identityProof,
      ),
    ).toEqual(['from-option', 'from-call'])
  })

  it('keeps collect() working', async () => {
    const { analytics } = await identifiedAnalytics()
    await expect(withSegment(createV3Agent(), analytics).collect()).resolves.toBe('v3-collected')
  })
})

describe('withSegment and the v4 agent', () => {
  it('puts the payload in tags when the caller uses tags, which the agent reads first', async () => {
    const { analytics, anonymousId } = await identifiedAnalytics()
    const agent = createV4Agent()
    const result = await withSegment(agent, analytics).get({ tag: { ignored: true }, tags: { cart: 'c-7' } })
    expect(result.event_id).toBe('v4-event-1')
    expect(agent.calls[0]).toEqual({
      tag: { ignored: true },
      tags: {
        cart: 'c-7',
        integrations: {
          segment: { anonymousId, identify: { userId: 'user-1', traits: { email: 'ada@example.com', plan: 'free' } } },
        },
      },
    })
  })

  it('uses tag when the caller sets only tag, or nothing', async () => {
    const { analytics } = await identifiedAnalytics()
    const agent = createV4Agent()
    const fp = withSegment(agent, analytics)
    await fp.get({ tag: { page: 'home' }, linkedId: 'l-1' })
    await fp.get()
    expect(agent.calls[0]).toMatchObject({
      linkedId: 'l-1',
      tag: { page: 'home', integrations: { segment: { identify: { userId: 'user-1' } } } },
    })
    expect(agent.calls[0]).not.toHaveProperty('tags')
    expect(agent.calls[1]).toMatchObject({ tag: { integrations: { segment: { identify: { userId: 'user-1' } } } } })
  })
})

describe('withSegment and the buffered AnalyticsBrowser', () => {
  it('waits for AnalyticsBrowser to load, then adds the payload', async () => {
    const { analytics } = await loadAnalytics()
    await analytics.identify('user-2')
    // A second, buffered instance reading the same persisted identity.
    const buffered = AnalyticsBrowser.load({
      writeKey: 'test-write-key',
      cdnSettings: { integrations: { 'Segment.io': { apiKey: 'test-write-key' } }, metrics: { sampleRate: 0 } },
    })
    const agent = createV4Agent()
    await withSegment(agent, buffered).get()
    expect(agent.calls[0]?.tag).toMatchObject({ integrations: { segment: { identify: { userId: 'user-2' } } } })
  })

  it('identifies without the payload when Analytics.js never loads (blocked), reporting a timeout once', async () => {
    const neverLoaded = new AnalyticsBrowser()
    const agent = createV3Agent()
    const onError = vi.fn()
    const fp = withSegment(agent, neverLoaded, { timeout: 20, onError })
    const options = { tag: { orderId: 1 }, linkedId: 'x' }
    await fp.get(options)
    await fp.get(options)
    expect(agent.calls).toEqual([options, options])
    expect(onError).toHaveBeenCalledTimes(1)
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ message: expect.stringContaining('20 ms') }),
      'timeout',
    )
  })

  it('identifies without the payload when reading Analytics.js throws', async () => {
    const broken: SegmentAnalytics = {
      user: () => {
        throw new Error('storage disabled')
      },
      group: () => ({ id: () => null, traits: () => undefined }),
    }
    const agent = createV4Agent()
    const onError = vi.fn()
    await withSegment(agent, broken, { onError }).get({ tags: { a: 1 } })
    expect(agent.calls[0]).toEqual({ tags: { a: 1 } })
    expect(onError).toHaveBeenCalledWith(new Error('storage disabled'), 'payload')
  })

  it('identifies with the payload but no proof when the identityProof function never answers', async () => {
    const { analytics, anonymousId } = await identifiedAnalytics()
    const agent = createV4Agent()
    const onError = vi.fn()
    const identityProof = (): Promise<string> => new Promise(() => undefined)
    await withSegment(agent, analytics, { identityProof, timeout: 20, onError }).get({ tags: { a: 1 } })
    expect(agent.calls[0]?.tags).toEqual({
      a: 1,
      integrations: {
        segment: { anonymousId, identify: { userId: 'user-1', traits: { email: 'ada@example.com', plan: 'free' } } },
      },
    })
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ message: expect.stringContaining('identityProof') }),
      'timeout',
    )
  })

  it('passes agent errors on to the caller', async () => {
    const { analytics } = await identifiedAnalytics()
    await expect(withSegment(createV3Agent('reject'), analytics).get()).rejects.toThrow('Network connection error')
  })
})
