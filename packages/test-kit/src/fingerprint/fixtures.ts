import { readFileSync } from 'node:fs'

const projectFixtures = new URL('../../fixtures/', import.meta.url)
/** Fingerprint's official examples and schemas, copied into `fixtures/fingerprint/` (see its README). */
const officialFixtures = new URL('../../fixtures/fingerprint/', import.meta.url)

/** A webhook body written into this project (`fixtures/<name>.json`), as text. */
export function projectFixtureText(name: string): string {
  return readFileSync(new URL(`${name}.json`, projectFixtures), 'utf8')
}

export function projectFixture(name: string): Record<string, unknown> {
  return JSON.parse(projectFixtureText(name)) as Record<string, unknown>
}

/** One of Fingerprint's official example webhooks, e.g. `v3/webhook.json`. */
export function officialFixtureText(path: string): string {
  return readFileSync(new URL(path, officialFixtures), 'utf8')
}

export function officialFixture(path: string): Record<string, unknown> {
  return JSON.parse(officialFixtureText(path)) as Record<string, unknown>
}

export const officialWebhookPaths = [
  'v3/webhook.json',
  'v3/webhook-latest.json',
  'v4/webhook.json',
  'v4/get_event_200.json',
  'v4/get_event_ruleset_200.json',
  'v4/get_event_with_bot_info_200.json',
] as const

/** Adds a Segment payload to a webhook body in the place its format uses (`tag` in v3, `tags` in v4). */
export function withSegmentPayload(body: Record<string, unknown>, payload: unknown): Record<string, unknown> {
  const tagKey = 'event_id' in body ? 'tags' : 'tag'
  const tag = typeof body[tagKey] === 'object' && body[tagKey] !== null ? (body[tagKey] as Record<string, unknown>) : {}
  return { ...body, [tagKey]: { ...tag, integrations: { segment: payload } } }
}
