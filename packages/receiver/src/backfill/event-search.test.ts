import { describe, expect, it } from 'vitest'
import { officialFixtureText } from '@fingerprint-segment/test-kit'
import { RetryError, ValidationError } from '@fingerprint-segment/source-function'
import { searchFingerprintEvents, ServerApiRateLimitError } from './event-search'
import type { FetchLike } from '@fingerprint-segment/source-function'

/** A fetch answering one canned response (the Server API cannot be reached here), recording the URL asked. */
function answering(status: number, body: string, headers: Record<string, string> = {}): FetchLike & { urls: string[] } {
  const urls: string[] = []
  const fake = (url: string) => {
    urls.push(url)
    return Promise.resolve({
      status,
      text: () => Promise.resolve(body),
      headers: { get: (name: string) => headers[name.toLowerCase()] ?? null },
    })
  }
  return Object.assign(fake, { urls })
}

const query = { start: Date.parse('2026-11-20T08:00:00Z'), end: Date.parse('2026-11-20T14:00:00Z') }

describe('searchFingerprintEvents', () => {
  it("reads Fingerprint's own example page: its events and its opaque pagination key", async () => {
    const fetch = answering(200, officialFixtureText('v4/get_event_search_200.json'))
    const page = await searchFingerprintEvents(
      { ...query, paginationKey: 'previous-key' },
      { apiKey: 'k', region: 'eu', fetch },
    )
    expect(page.events).toHaveLength(1)
    expect(page.events[0]).toMatchObject({ event_id: '1708102555327.NLOjmg' })
    expect(page.paginationKey).toMatch(/^S9rgMMUb4z3X5t5pr_/)
    const url = new URL(fetch.urls[0] ?? '')
    expect(url.origin).toBe('https://eu.api.fpjs.io')
    expect(url.pathname).toBe('/v4/events')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      start: '2026-11-20T08:00:00.000Z',
      end: '2026-11-20T14:00:00.000Z',
      limit: '100',
      reverse: 'true',
      pagination_key: 'previous-key',
    })
  })

  it('has no pagination key on the last page', async () => {
    const page = await searchFingerprintEvents(query, {
      apiKey: 'k',
      region: 'us',
      fetch: answering(200, '{"events":[]}'),
    })
    expect(page).toEqual({ events: [], paginationKey: undefined })
  })

  it.each([
    [403, ValidationError, /refused the key \(403\)/],
    [400, ValidationError, /refused the query \(400\)/],
    [504, RetryError, /answered 504/],
  ])('turns %i into %o', async (status, errorClass, message) => {
    const search = searchFingerprintEvents(query, { apiKey: 'k', region: 'us', fetch: answering(status, '{}') })
    await expect(search).rejects.toBeInstanceOf(errorClass)
    await expect(search).rejects.toThrow(message)
  })

  it('turns 429 into a rate-limit error carrying Retry-After', async () => {
    const search = searchFingerprintEvents(query, {
      apiKey: 'k',
      region: 'us',
      fetch: answering(429, '{"error":{"code":"too_many_requests"}}', { 'retry-after': '3' }),
    })
    await expect(search).rejects.toBeInstanceOf(ServerApiRateLimitError)
    await expect(search).rejects.toMatchObject({ retryAfterMs: 3000 })
  })

  it('refuses an answer that is not a page', async () => {
    await expect(
      searchFingerprintEvents(query, { apiKey: 'k', region: 'us', fetch: answering(200, '{"event_id":"x"}') }),
    ).rejects.toThrow(/without an events list/)
  })
})
