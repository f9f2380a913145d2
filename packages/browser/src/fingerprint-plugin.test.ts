import { AnalyticsBrowser } from '@segment/analytics-next'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createV3Agent, createV4Agent } from '../test/agents'
import { clearSegmentStorage, loadAnalytics, type SentEvent } from '../test/segment-harness'
import { fingerprintPlugin } from './fingerprint-plugin'
import type { FailureKind } from './options'

function segmentOf(options: { tag?: unknown } | undefined): unknown {
  return (options?.tag as { integrations?: { segment?: unknown } } | undefined)?.integrations?.segment
}

const fingerprintOf = (events: SentEvent[]): unknown[] => events.map((event) => event.context.fingerprint)

beforeEach(clearSegmentStorage)

describe('fingerprintPlugin with the real Analytics.js', () => {
  it('identifies once for many events and stamps each of them (v3 agent)', async () => {
    const agent = createV3Agent()
    const { analytics, waitForSent } = await loadAnalytics([fingerprintPlugin({ agent })])
    await analytics.page()
    await analytics.track('Viewed Pricing')
    await analytics.track('Clicked Buy', { plan: 'pro' })
    const sent = await waitForSent(3)

    expect(agent.calls).toHaveLength(1)
    expect(segmentOf(agent.calls[0])).toEqual({ anonymousId: analytics.user().anonymousId() })
    expect(fingerprintOf(sent)).toEqual(Array(3).fill({ visitorId: 'v3-visitor', requestId: 'v3-request-1' }))
  })

  it('stamps the v4 event id as requestId (v4 agent)', async () => {
    const agent = createV4Agent()
    const { analytics, waitForSent } = await loadAnalytics([fingerprintPlugin({ agent })])
    await analytics.track('Signed In')
    const [event] = await waitForSent(1)
    expect(event?.context.fingerprint).toEqual({ visitorId: 'v4-visitor', requestId: 'v4-event-1' })
    expect(segmentOf(agent.calls[0])).toEqual({ anonymousId: analytics.user().anonymousId() })
  })

  it('shares one in-flight get() between concurrent events', async () => {
    const agent = createV4Agent({ delayMs: 20 })
    const { analytics, waitForSent } = await loadAnalytics([fingerprintPlugin({ agent })])
    await Promise.all([analytics.page(), analytics.track('A'), analytics.track('B'), analytics.track('C')])
    const sent = await waitForSent(4)
    expect(agent.calls).toHaveLength(1)
    expect(fingerprintOf(sent)).toEqual(Array(4).fill({ visitorId: 'v4-visitor', requestId: 'v4-event-1' }))
  })

  it('accepts a promise of the agent', async () => {
    const agent = createV3Agent()
    const loading = new Promise<typeof agent>((resolve) => setTimeout(() => resolve(agent), 10))
    const { analytics, waitForSent } = await loadAnalytics([fingerprintPlugin({ agent: loading })])
    await analytics.track('A')
    const [event] = await waitForSent(1)
    expect(event?.context.fingerprint).toEqual({ visitorId: 'v3-visitor', requestId: 'v3-request-1' })
  })

  it('identifies again only when the userId, the group or the anonymous visitor changes', async () => {
    const agent = createV3Agent()
    const { analytics, waitForSent } = await loadAnalytics([fingerprintPlugin({ agent })])
    await analytics.track('Anonymous')
    const anonymousId = analytics.user().anonymousId()
    await analytics.identify('user-1', { email: 'ada@example.com' })
    await analytics.track('Known')
    await analytics.identify('user-1', { plan: 'pro' }) // traits only: same identity
    await analytics.group('org-1', { name: 'Acme' })
    await analytics.track('In group')
    analytics.reset()
    await analytics.track('After reset')
    const sent = await waitForSent(7)

    expect(agent.calls.map(segmentOf)).toEqual([
      { anonymousId },
      { anonymousId, identify: { userId: 'user-1', traits: { email: 'ada@example.com' } } },
      {
        anonymousId,
        identify: { userId: 'user-1', traits: { email: 'ada@example.com', plan: 'pro' } },
        group: { groupId: 'org-1', traits: { name: 'Acme' } },
      },
      { anonymousId: analytics.user().anonymousId() },
    ])
    expect(analytics.user().anonymousId()).not.toBe(anonymousId)
    expect(sent.map((event) => (event.context.fingerprint as { requestId: string }).requestId)).toEqual([
      'v3-request-1',
      'v3-request-2',
      'v3-request-2',
      'v3-request-2',
      'v3-request-3',
      'v3-request-3',
      'v3-request-4',
    ])
  })

  it('keeps what the site set in context.fingerprint', async () => {
    const { analytics, waitForSent } = await loadAnalytics([fingerprintPlugin({ agent: createV3Agent() })])
    await analytics.track('A', {}, { context: { fingerprint: { visitorId: 'set-by-site' } } })
    await analytics.track('B', {}, { context: { fingerprint: 'site-string' } })
    const sent = await waitForSent(2)
    expect(fingerprintOf(sent)).toEqual([{ visitorId: 'set-by-site', requestId: 'v3-request-1' }, 'site-string'])
  })
})

describe('fingerprintPlugin failures: events go out unstamped, errors are reported once', () => {
  it('bounds the wait when the agent never answers', async () => {
    const onError = vi.fn<(error: unknown, kind: FailureKind) => void>()
    const agent = createV4Agent('hang')
    const { analytics, waitForSent } = await loadAnalytics([fingerprintPlugin({ agent, timeout: 30, onError })])
    const started = Date.now()
    for (const name of ['A', 'B', 'C', 'D', 'E']) await analytics.track(name)
    const sent = await waitForSent(5)

    expect(Date.now() - started).toBeLessThan(1000) // one bounded wait, not one per event
    expect(sent.map((event) => event.event)).toEqual(['A', 'B', 'C', 'D', 'E'])
    expect(fingerprintOf(sent)).toEqual(Array(5).fill(undefined))
    expect(agent.calls).toHaveLength(1)
    expect(onError).toHaveBeenCalledTimes(1)
    expect(onError.mock.calls[0]?.[1]).toBe('timeout')
  })

  it('stamps later events once a slow identification completes', async () => {
    const agent = createV3Agent({ delayMs: 60 })
    const onError = vi.fn()
    const { analytics, waitForSent } = await loadAnalytics([fingerprintPlugin({ agent, timeout: 10, onError })])
    await analytics.track('Early')
    await vi.waitFor(() => expect(onError).toHaveBeenCalledWith(expect.any(Error), 'timeout'))
    await vi.waitFor(() => expect(agent.answered).toBe(1))
    await analytics.track('Late')
    const sent = await waitForSent(2)
    expect(fingerprintOf(sent)).toEqual([undefined, { visitorId: 'v3-visitor', requestId: 'v3-request-1' }])
  })

  it('sends events unstamped when get() rejects, reporting once', async () => {
    const onError = vi.fn()
    const agent = createV3Agent('reject')
    const { analytics, waitForSent } = await loadAnalytics([fingerprintPlugin({ agent, onError })])
    await analytics.track('A')
    await analytics.identify('user-1') // a new identity: tried again, not reported again
    await analytics.track('B')
    const sent = await waitForSent(3)
    expect(fingerprintOf(sent)).toEqual([undefined, undefined, undefined])
    expect(agent.calls).toHaveLength(2)
    expect(onError).toHaveBeenCalledTimes(1)
    expect(onError).toHaveBeenCalledWith(new Error('Network connection error'), 'identification')
  })

  it('sends events unstamped when the agent fails to load (ad blocker, CSP)', async () => {
    const onError = vi.fn(() => {
      throw new Error('a broken onError must not break the page')
    })
    const blocked = Promise.reject(new Error('Failed to load the JS script of the agent'))
    const { analytics, waitForSent } = await loadAnalytics([fingerprintPlugin({ agent: blocked, onError })])
    await analytics.page()
    await analytics.track('A')
    const sent = await waitForSent(2)
    expect(fingerprintOf(sent)).toEqual([undefined, undefined])
    expect(onError).toHaveBeenCalledTimes(1)
    expect(onError).toHaveBeenCalledWith(new Error('Failed to load the JS script of the agent'), 'agent-load')
  })
})

describe('fingerprintPlugin payload options', () => {
  it('does not forward page or track by default', async () => {
    const agent = createV3Agent()
    const { analytics } = await loadAnalytics([fingerprintPlugin({ agent })])
    await analytics.page('Docs', 'Pricing', { plan: 'pro' })
    expect(segmentOf(agent.calls[0])).not.toHaveProperty('page')
  })

  it('forwards the page call that triggers an identification', async () => {
    const agent = createV3Agent()
    const { analytics } = await loadAnalytics([fingerprintPlugin({ agent, forward: ['page', 'track'] })])
    await analytics.page('Docs', 'Pricing', { plan: 'pro' })
    expect(segmentOf(agent.calls[0])).toMatchObject({
      page: { name: 'Pricing', category: 'Docs', properties: { plan: 'pro' } },
    })
  })

  it('forwards the track call that triggers an identification', async () => {
    const agent = createV4Agent()
    const { analytics } = await loadAnalytics([fingerprintPlugin({ agent, forward: ['track'] })])
    await analytics.track('Signed Up', { via: 'email' })
    await analytics.track('Not forwarded: same identity')
    expect(agent.calls).toHaveLength(1)
    expect(segmentOf(agent.calls[0])).toMatchObject({ track: { event: 'Signed Up', properties: { via: 'email' } } })
  })

  it('passes identityProof through, from a string or an async function', async () => {
    const fixed = createV3Agent()
    const first = await loadAnalytics([fingerprintPlugin({ agent: fixed, identityProof: 'token-1' })])
    await first.analytics.track('A')
    expect(segmentOf(fixed.calls[0])).toMatchObject({ identityProof: 'token-1' })

    const fetched = createV3Agent()
    const mint = vi.fn(async () => 'token-2')
    const second = await loadAnalytics([fingerprintPlugin({ agent: fetched, identityProof: mint })])
    await second.analytics.identify('user-1')
    expect(segmentOf(fetched.calls[0])).toMatchObject({ identityProof: 'token-2', identify: { userId: 'user-1' } })
  })

  it('identifies without a proof when the identityProof function throws', async () => {
    const agent = createV3Agent()
    const onError = vi.fn()
    const identityProof = (): Promise<string> => Promise.reject(new Error('session expired'))
    const { analytics, waitForSent } = await loadAnalytics([fingerprintPlugin({ agent, identityProof, onError })])
    await analytics.track('A')
    const [event] = await waitForSent(1)
    expect(segmentOf(agent.calls[0])).not.toHaveProperty('identityProof')
    expect(event?.context.fingerprint).toEqual({ visitorId: 'v3-visitor', requestId: 'v3-request-1' })
    expect(onError).toHaveBeenCalledWith(new Error('session expired'), 'payload')
  })
  it('identifies without a proof when the identityProof function never answers', async () => {
    const agent = createV3Agent()
    const onError = vi.fn()
    const identityProof = (): Promise<string> => new Promise(() => undefined) // e.g. a hanging fetch to the site's backend
    const { analytics, waitForSent } = await loadAnalytics([
      fingerprintPlugin({ agent, identityProof, timeout: 30, onError }),
    ])
    await analytics.track('Early')
    await vi.waitFor(() => expect(agent.answered).toBe(1), { timeout: 2000, interval: 5 })
    await analytics.track('Late')
    const sent = await waitForSent(2)
    expect(segmentOf(agent.calls[0])).toEqual({ anonymousId: analytics.user().anonymousId() })
    // 'Early' waited at most the timeout: stamped or not depending on which timer fired first.
    expect(sent.map((event) => event.event)).toEqual(['Early', 'Late'])
    expect(sent[1]?.context.fingerprint).toEqual({ visitorId: 'v3-visitor', requestId: 'v3-request-1' })
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ message: expect.stringContaining('identityProof') }),
      'timeout',
    )
  })
})

describe('fingerprintPlugin hooks outside the happy path', () => {
  const context = () => ({
    event: { type: 'track', event: 'A' },
    updateEvent: vi.fn<(path: string, value: unknown) => unknown>(),
  })

  it('passes events on untouched before Analytics.js loaded it', async () => {
    const agent = createV3Agent()
    const ctx = context()
    await expect(fingerprintPlugin({ agent }).track(ctx)).resolves.toBe(ctx)
    expect(agent.calls).toHaveLength(0)
    expect(ctx.updateEvent).not.toHaveBeenCalled()
  })

  it('reports and passes the event on when reading Analytics.js throws', async () => {
    const onError = vi.fn()
    const plugin = fingerprintPlugin({ agent: createV3Agent(), onError })
    await plugin.load(undefined, {
      user: () => {
        throw new Error('storage disabled')
      },
      group: () => ({ id: () => null, traits: () => undefined }),
    })
    const ctx = context()
    await expect(plugin.page(ctx)).resolves.toBe(ctx)
    expect(plugin.isLoaded()).toBe(true)
    expect(onError).toHaveBeenCalledWith(new Error('storage disabled'), 'payload')
  })
})

describe('fingerprintPlugin identity: the one Analytics.js stamped on each event', () => {
  it('track(); reset() in one turn: the event is stamped with its own visitor, not the next one', async () => {
    const agent = createV3Agent()
    const { analytics, waitForSent } = await loadAnalytics([fingerprintPlugin({ agent, forward: ['track'] })])
    await analytics.identify('user-1')
    const before = analytics.user().anonymousId()
    void analytics.track('Signed Out')
    analytics.reset()
    await analytics.track('After reset')
    const sent = await waitForSent(3)
    const signedOut = sent.find((event) => event.event === 'Signed Out')
    expect(signedOut).toMatchObject({ userId: 'user-1', anonymousId: before })
    // Stamped with user-1's identification; the next visitor's identification carries only the new anonymousId.
    expect(signedOut?.context.fingerprint).toEqual({ visitorId: 'v3-visitor', requestId: 'v3-request-1' })
    expect(agent.calls.map(segmentOf)).toEqual([
      { anonymousId: before, identify: { userId: 'user-1' } },
      { anonymousId: analytics.user().anonymousId(), track: { event: 'After reset', properties: {} } },
    ])
    expect(sent.find((event) => event.event === 'After reset')?.context.fingerprint).toMatchObject({
      requestId: 'v3-request-2',
    })
  })
})

describe('fingerprintPlugin cache: one identification per session and identity', () => {
  it('four page loads of one visitor cost one identification; signing in costs one more', async () => {
    const agent = createV4Agent()
    const stamps: unknown[] = []
    for (let load = 1; load <= 4; load++) {
      // Each load: a new Analytics.js and plugin, as after a navigation; storage and cookies stay.
      const { analytics, waitForSent } = await loadAnalytics([fingerprintPlugin({ agent })])
      await analytics.page()
      stamps.push((await waitForSent(1))[0]?.context.fingerprint)
      if (load === 4) {
        await analytics.identify('user-1')
        await analytics.track('Signed In')
        const sent = await waitForSent(3)
        expect(sent[2]?.context.fingerprint).toEqual({ visitorId: 'v4-visitor', requestId: 'v4-event-2' })
      }
    }
    expect(stamps).toEqual(Array(4).fill({ visitorId: 'v4-visitor', requestId: 'v4-event-1' }))
    expect(agent.calls).toHaveLength(2)
  })

  it('without the cache, every page load identifies', async () => {
    const agent = createV4Agent()
    for (let load = 1; load <= 4; load++) {
      const { analytics } = await loadAnalytics([fingerprintPlugin({ agent, cache: false })])
      await analytics.page()
    }
    expect(agent.calls).toHaveLength(4)
  })

  it('identifies again once the kept identification is older than cacheTtl', async () => {
    const agent = createV3Agent()
    const first = await loadAnalytics([fingerprintPlugin({ agent, cacheTtl: 60_000 })])
    await first.analytics.page()
    const now = Date.now()
    const clock = vi.spyOn(Date, 'now').mockReturnValue(now + 60_000)
    const second = await loadAnalytics([fingerprintPlugin({ agent, cacheTtl: 60_000 })])
    await second.analytics.page()
    clock.mockRestore()
    expect(agent.calls).toHaveLength(2)
  })

  it('falls back to the page load when storage throws, losing nothing', async () => {
    const onError = vi.fn()
    vi.spyOn(window, 'sessionStorage', 'get').mockImplementation(() => {
      throw new DOMException('The operation is insecure.', 'SecurityError')
    })
    const agent = createV3Agent()
    const { analytics, waitForSent } = await loadAnalytics([fingerprintPlugin({ agent, onError })])
    await analytics.page()
    await analytics.track('A')
    const sent = await waitForSent(2)
    vi.restoreAllMocks()
    expect(fingerprintOf(sent)).toEqual(Array(2).fill({ visitorId: 'v3-visitor', requestId: 'v3-request-1' }))
    expect(agent.calls).toHaveLength(1)
    expect(onError).not.toHaveBeenCalled()
  })
})

describe('fingerprintPlugin consent', () => {
  const preferences = (Analytics: boolean) => ({ context: { consent: { categoryPreferences: { Analytics } } } })

  it('before consent: no get(), events unstamped and undelayed; the first event with consent identifies', async () => {
    const agent = createV3Agent()
    const { analytics, waitForSent } = await loadAnalytics([fingerprintPlugin({ agent, consent: 'Analytics' })])
    await analytics.page({}, preferences(false))
    await analytics.track('Denied', {}, preferences(false))
    await analytics.track('No consent context')
    expect(agent.calls).toHaveLength(0)
    await analytics.track('Granted', {}, preferences(true))
    await analytics.track('Still granted', {}, preferences(true))
    const sent = await waitForSent(5)
    expect(fingerprintOf(sent)).toEqual([
      undefined,
      undefined,
      undefined,
      { visitorId: 'v3-visitor', requestId: 'v3-request-1' },
      { visitorId: 'v3-visitor', requestId: 'v3-request-1' },
    ])
    expect(agent.calls).toHaveLength(1)
  })

  it('before consent, events do not wait for an agent that is not loaded (yet)', async () => {
    // E.g. a site that loads the agent only once the visitor consents.
    const notLoaded = new Promise<ReturnType<typeof createV3Agent>>(() => undefined)
    const plugin = fingerprintPlugin({ agent: notLoaded, consent: 'Analytics', timeout: 10_000 })
    const { analytics, waitForSent } = await loadAnalytics([plugin])
    void analytics.track('A', {}, preferences(false))
    void analytics.track('B', {}, preferences(false))
    // Well under the 10 s timeout: nothing waited.
    expect((await waitForSent(2)).map((event) => event.event)).toEqual(['A', 'B'])
  })

  it('withdrawn: stops identifying and drops the kept identification', async () => {
    const agent = createV3Agent()
    const consent = vi.fn(() => true)
    const { analytics, waitForSent } = await loadAnalytics([fingerprintPlugin({ agent, consent })])
    await analytics.track('Granted')
    expect(sessionStorage.length).toBe(1)
    consent.mockReturnValue(false)
    await analytics.track('Withdrawn')
    expect(sessionStorage.length).toBe(0)
    consent.mockReturnValue(true)
    await analytics.track('Granted again')
    const sent = await waitForSent(3)
    expect(fingerprintOf(sent).map((stamp) => (stamp as { requestId?: string } | undefined)?.requestId)).toEqual([
      'v3-request-1',
      undefined,
      'v3-request-2',
    ])
    expect(consent).toHaveBeenCalledWith(expect.objectContaining({ event: 'Withdrawn' }))
  })
})

describe('fingerprintPlugin when the page is being left', () => {
  it("releases an event tracked in a click's task (trackLink) within half of Analytics.js's timeout", async () => {
    const agent = createV4Agent('hang')
    const { analytics, waitForSent } = await loadAnalytics([fingerprintPlugin({ agent, timeout: 10_000 })])
    void analytics.page() // the page's identification, hung
    await vi.waitFor(() => expect(agent.calls).toHaveLength(1))
    const link = document.createElement('a')
    document.body.append(link)
    link.addEventListener('click', () => void analytics.track('Clicked Link'))
    link.click()
    // Well under the 10 s timeout (waitForSent gives up after 2 s): out, unstamped.
    const sent = await waitForSent(2)
    expect(sent.map((event) => event.event ?? event.type)).toContain('Clicked Link')
    expect(sent.every((event) => event.context.fingerprint === undefined)).toBe(true)
    link.remove()
  })

  it('lets an event made after the click (a sign-in request answered) wait for its own identification', async () => {
    const agent = createV4Agent({ delayMs: 400 })
    const { analytics, waitForSent } = await loadAnalytics([fingerprintPlugin({ agent, timeout: 10_000 })])
    const button = document.createElement('button')
    document.body.append(button)
    button.addEventListener('click', () => {
      // The answer of a sign-in request, after the click's task: past the 150 ms a click allows.
      setTimeout(() => void analytics.identify('user-signed-in'), 20)
    })
    button.click()
    const [identify] = await waitForSent(1)
    expect(identify).toMatchObject({ type: 'identify', userId: 'user-signed-in' })
    expect(identify?.context.fingerprint).toMatchObject({ requestId: expect.any(String) })
    button.remove()
  })

  it.each([
    ['beforeunload', () => dispatchEvent(new Event('beforeunload'))],
    [
      'visibilitychange to hidden',
      () => {
        vi.spyOn(document, 'hidden', 'get').mockReturnValue(true)
        document.dispatchEvent(new Event('visibilitychange'))
        vi.restoreAllMocks()
      },
    ],
    ['a click (trackLink navigates after it)', () => document.body.click()],
  ])('%s releases the events a hung agent holds', async (_name, leave) => {
    const agent = createV4Agent('hang')
    const { analytics, sent, waitForSent } = await loadAnalytics([fingerprintPlugin({ agent, timeout: 10_000 })])
    void analytics.track('A')
    void analytics.track('B')
    await vi.waitFor(() => expect(agent.calls).toHaveLength(1))
    expect(sent).toHaveLength(0)
    leave()
    // Bounded well under the 10 s timeout: both go out, unstamped.
    const events = await waitForSent(2)
    expect(events.map((event) => [event.event, event.context.fingerprint])).toEqual([
      ['A', undefined],
      ['B', undefined],
    ])
  })
})

describe('fingerprintPlugin at pagehide: the events it holds are kept for the next page load', () => {
  const queueKey = 'persisted-queue:v1:test-write-key:event-queue:items'
  const keptIds = (key = queueKey): unknown[] =>
    (JSON.parse(localStorage.getItem(key) ?? '[]') as { event: { messageId: string } }[]).map(
      ({ event }) => event.messageId,
    )

  it('puts them in Analytics.js persisted queue; the next page load sends them through the plugin', async () => {
    const hung = createV4Agent('hang')
    const first = await loadAnalytics([fingerprintPlugin({ agent: hung, timeout: 10_000 })])
    void first.analytics.track('A', {}, { messageId: 'held-a' })
    void first.analytics.track('B', {}, { messageId: 'held-b' })
    await vi.waitFor(() => expect(hung.calls).toHaveLength(1))
    dispatchEvent(new Event('pagehide'))
    expect(keptIds()).toEqual(['held-a', 'held-b'])
    // This page lives on in happy-dom: release its events, so that later tests do not see them held.
    dispatchEvent(new Event('beforeunload'))
    await first.waitForSent(2)

    // The next page load: a new Analytics.js and plugin reading the same storage, and its first event.
    const agent = createV4Agent()
    const next = await loadAnalytics([fingerprintPlugin({ agent })])
    await next.analytics.page()
    const sent = await next.waitForSent(3)
    expect(
      sent.map((event) => [event.event ?? event.type, (event.context.fingerprint as { requestId?: string }).requestId]),
    ).toEqual(
      expect.arrayContaining([
        ['A', 'v4-event-1'],
        ['B', 'v4-event-1'],
        ['page', 'v4-event-1'],
      ]),
    )
    expect(sent.filter((event) => ['A', 'B'].includes(event.event ?? ''))).toHaveLength(2)
    expect(localStorage.getItem(queueKey)).toBeNull()
  })

  it('leaves an event the Segment.io destination is sending to Analytics.js, which keeps it itself', async () => {
    const { analytics } = await loadAnalytics([fingerprintPlugin({ agent: createV3Agent() })])
    await analytics.track('Delivered')
    const hanging = vi.fn(() => new Promise(() => undefined)) // the tracking API stops answering
    vi.stubGlobal('fetch', hanging)
    void analytics.track('In flight', {}, { messageId: 'in-flight' })
    await vi.waitFor(() => expect(hanging).toHaveBeenCalled())
    dispatchEvent(new Event('pagehide'))
    expect(keptIds()).toEqual([])
    expect(keptIds('persisted-queue:v1:test-write-key:dest-Segment.io:items')).toEqual(['in-flight'])
  })

  it('keeps nothing when Analytics.js keeps nothing (disableClientPersistence)', async () => {
    const hung = createV3Agent('hang')
    const plugin = fingerprintPlugin({ agent: hung, timeout: 10_000 })
    const [analytics] = await AnalyticsBrowser.load(
      {
        writeKey: 'test-write-key',
        cdnSettings: { integrations: { 'Segment.io': { apiKey: 'test-write-key' } }, metrics: { sampleRate: 0 } },
        plugins: [plugin],
      },
      { disableClientPersistence: true, integrations: { 'Segment.io': { apiHost: 'tracking.test/v1' } } },
    )
    void analytics.track('A')
    await vi.waitFor(() => expect(hung.calls).toHaveLength(1))
    dispatchEvent(new Event('pagehide'))
    expect(localStorage.getItem(queueKey)).toBeNull()
  })
})
