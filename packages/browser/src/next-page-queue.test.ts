import { afterEach, describe, expect, it, vi } from 'vitest'
import type { SegmentAnalyticsWithSettings, SegmentContext } from './analytics-types'
import { keepForNextPage } from './next-page-queue'

const key = 'persisted-queue:v1:wk:event-queue:items'
const analytics: SegmentAnalyticsWithSettings = { user: vi.fn(), group: vi.fn(), settings: { writeKey: 'wk' } }

/** A context as Analytics.js serializes it, with the plugins it was handed to so far. */
function context(id: string, plugins: string[] = ['Fingerprint']): SegmentContext {
  const logs = plugins.map((plugin) => ({ level: 'debug', message: 'plugin', extras: { plugin } }))
  return {
    event: { type: 'track', event: id },
    updateEvent: vi.fn(),
    logs: () => logs,
    toJSON: () => ({ id, event: { type: 'track', event: id } }),
  } as SegmentContext
}

const kept = (): unknown => JSON.parse(localStorage.getItem(key) ?? 'null')

afterEach(() => {
  vi.restoreAllMocks()
  localStorage.clear()
})

describe('keepForNextPage', () => {
  it("adds the contexts not yet at the Segment.io destination to Analytics.js's persisted event queue", () => {
    localStorage.setItem(key, JSON.stringify([{ id: 'queued', event: {} }])) // Analytics.js's own, kept first
    keepForNextPage(analytics, [context('held'), context('sending', ['Fingerprint', 'Segment.io'])])
    expect(kept()).toEqual([
      { id: 'queued', event: {} },
      { id: 'held', event: { type: 'track', event: 'held' } },
    ])
  })

  it('writes nothing when nothing is held, Analytics.js persists nothing, or storage throws', () => {
    keepForNextPage(analytics, [])
    keepForNextPage({ ...analytics, options: { disableClientPersistence: true } }, [context('held')])
    keepForNextPage({ ...analytics, settings: {} }, [context('held')])
    expect(localStorage.length).toBe(0)
    vi.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
    })
    expect(() => keepForNextPage(analytics, [context('held')])).not.toThrow()
  })
})
