/**
 * The pasteable bundle, run in a sandbox shaped like Segment's Functions runtime
 * (see @fingerprint-segment/test-kit). Segment's cloud itself cannot run here: the `Segment` global
 * is a collector, and every collected call is checked with Segment's own validator.
 */
import { readFileSync } from 'node:fs'
import vm from 'node:vm'
import { beforeAll, describe, expect, it } from 'vitest'
import { assessRisk } from '../src/risk/assess-risk'
import { riskTraits } from '../src/mapping/calls/risk-traits'
import { toSegmentCalls } from '../src/mapping/to-segment-calls'
import { readFingerprintEvent } from '../src/event/read-event'
import { assertDeliverableCall } from '@fingerprint-segment/test-kit'
import {
  officialFixture,
  officialFixtureText,
  officialWebhookPaths,
  projectFixtureText,
  withSegmentPayload,
} from '@fingerprint-segment/test-kit'
import { functionBundlePath, loadAuthenticatedFunction, type FunctionSandbox } from '@fingerprint-segment/test-kit'

/**
 * Fingerprint's examples and these fixtures are years old: the mapping tests here turn the
 * freshness check off (maxEventAgeSeconds 0); it is tested with fresh events in test/security.test.ts.
 */
const historicFixtureSettings = { maxEventAgeSeconds: '0' }

let sandbox: Pick<FunctionSandbox, 'mode' | 'run'>
beforeAll(() => {
  const loaded = loadAuthenticatedFunction()
  sandbox = { mode: loaded.mode, run: (request, settings = historicFixtureSettings) => loaded.run(request, settings) }
})

const fullPayload = {
  anonymousId: 'ajs-anon-1',
  identify: { userId: 'user-1', traits: { email: 'a@example.com' } },
  page: { name: 'Pricing', properties: { plan: 'pro' } },
  track: { event: 'Plan Upgraded', properties: { plan: 'pro' } },
  group: { groupId: 'team-1', traits: { name: 'Team' } },
  screen: { name: 'Checkout' },
}

describe('the pasteable bundle', () => {
  const source = readFileSync(functionBundlePath, 'utf8')

  it('is one classic script with a top-level async onRequest and no import, export or require', () => {
    expect(() => new vm.Script(source)).not.toThrow()
    expect(source).toMatch(/^async function onRequest\(request, settings\) \{/m)
    expect(source).not.toMatch(/\brequire\s*\(/)
    expect(source).not.toMatch(/^\s*(import|export)\b/m)
    expect(source).not.toMatch(/\bimport\s*\(/)
  })
})

describe('official Fingerprint examples in the sandbox', () => {
  it.each(officialWebhookPaths)('%s without a segment payload: no calls, no error', async (path) => {
    const result = await sandbox.run({ body: officialFixtureText(path) })
    expect(result.error).toBeUndefined()
    expect(result.calls).toEqual([])
    expect(result.logs.join('\n')).toMatch(/no integrations\.segment/)
  })

  it.each(officialWebhookPaths)(
    '%s with a full payload: every call deliverable, stitched to the browser identity',
    async (path) => {
      const result = await sandbox.run({ body: JSON.stringify(withSegmentPayload(officialFixture(path), fullPayload)) })
      expect(result.error).toBeUndefined()
      expect(result.calls.map((call) => call.type)).toEqual(['identify', 'page', 'track', 'group', 'screen'])
      for (const call of result.calls) {
        assertDeliverableCall(call)
        expect(call.payload).toMatchObject({ userId: 'user-1', anonymousId: 'ajs-anon-1' })
      }
    },
  )
})

describe('project fixtures in the sandbox', () => {
  it('v3 browser webhook with the full payload', async () => {
    const { calls, error } = await sandbox.run({ body: projectFixtureText('v3-browser-full-payload') })
    expect(error).toBeUndefined()
    expect(calls.map((call) => call.type)).toEqual(['identify', 'page', 'track', 'group'])
    calls.forEach(assertDeliverableCall)
  })

  it('v4 iOS app: identify, track and a Screen call with app/os/device context', async () => {
    const { calls, error } = await sandbox.run({ body: projectFixtureText('v4-ios-app') })
    expect(error).toBeUndefined()
    expect(calls.map((call) => call.type)).toEqual(['identify', 'track', 'screen'])
    calls.forEach(assertDeliverableCall)
    const screen = calls.find((call) => call.type === 'screen')
    expect(screen?.payload).toMatchObject({
      name: 'Checkout',
      properties: { items: 3 },
      userId: 'ios-user-7',
      anonymousId: 'iOSVisitor0000000001',
      context: {
        app: { namespace: 'com.example.shop' },
        os: { name: 'iOS', version: '17.4' },
        device: { type: 'ios', model: 'iPhone15,2' },
      },
    })
  })

  it.each(['v4-android-app', 'v3-android-app'])(
    '%s: identify and Screen, mobile signals in context.fingerprint',
    async (name) => {
      const { calls, error } = await sandbox.run({ body: projectFixtureText(name) })
      expect(error).toBeUndefined()
      expect(calls.map((call) => call.type)).toEqual(['identify', 'screen'])
      calls.forEach(assertDeliverableCall)
      expect(calls[1]?.payload).toMatchObject({
        context: { device: { type: 'android' }, fingerprint: { platform: 'android', signals: { rootApps: true } } },
      })
    },
  )

  it('the same webhook delivered twice yields the same messageIds (Segment drops the retry)', async () => {
    const body = projectFixtureText('v4-browser-full-payload')
    const first = await sandbox.run({ body })
    const second = await sandbox.run({ body })
    expect(first.calls.map((call) => call.payload.messageId)).toEqual(
      second.calls.map((call) => call.payload.messageId),
    )
    expect(new Set(first.calls.map((call) => call.payload.messageId)).size).toBe(first.calls.length)
  })

  it('logs each dropped call with its reason and still emits the others', async () => {
    const body = JSON.stringify(
      withSegmentPayload(officialFixture('v4/webhook.json'), { track: { properties: {} }, group: { groupId: 'g' } }),
    )
    const { calls, logs, error } = await sandbox.run({ body })
    expect(error).toBeUndefined()
    expect(calls.map((call) => call.type)).toEqual(['identify', 'group'])
    // The reason is the mapping's (src/to-segment-calls.test.ts pins the reasons).
    const [dropped] = toSegmentCalls(JSON.parse(body)).skipped
    expect(dropped?.type).toBe('track')
    expect(logs).toContain(`warn: [fingerprint-segment] 1708102555327.NLOjmg: track dropped: ${dropped?.reason ?? ''}`)
  })
})

describe('bad input in the sandbox: the runtime error classes, never a crash', () => {
  it.each([
    ['not JSON', '{"requestId": ', 'InvalidEventPayload', /not valid JSON/],
    ['an empty body', '', 'InvalidEventPayload', /empty/],
    ['a JSON array', '[]', 'InvalidEventPayload', /got an array/],
    ['a JSON string', '"hello"', 'InvalidEventPayload', /got a string/],
    ['JSON null', 'null', 'InvalidEventPayload', /got null/],
    ['another service’s webhook', '{"type":"push","repository":{}}', 'InvalidEventPayload', /neither `event_id`/],
    [
      'a payload that is a number',
      JSON.stringify({
        event_id: '1700000000000.event1',
        timestamp: 1,
        identification: { visitor_id: 'v' },
        tags: { integrations: { segment: 5 } },
      }),
      'ValidationError',
      /tags\.integrations\.segment must be an object, got a number/,
    ],
  ])('%s: %s', async (_label, body, errorName, message) => {
    const result = await sandbox.run({ body })
    expect(result.calls).toEqual([])
    expect(result.error).toMatchObject({ name: errorName, isRuntimeClass: true })
    expect(result.error?.message).toMatch(message)
  })

  it('a body over 512 KiB never reaches the function: Segment refuses it (the function checks it too: src/function)', async () => {
    const body = JSON.stringify({ ...officialFixture('v4/webhook.json'), padding: 'p'.repeat(600 * 1024) })
    const result = await sandbox.run({ body })
    expect(result.refused?.status).toBe(413)
    expect(result.calls).toEqual([])
  })

  it('a hostile body cannot pollute prototypes inside the runtime', async () => {
    const body = JSON.stringify(
      withSegmentPayload(officialFixture('v4/webhook.json'), { identify: { traits: {} } }),
    ).replace('"traits":{}', '"traits":{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}')
    const result = await sandbox.run({ body })
    expect(result.error).toBeUndefined()
    const event = readFingerprintEvent(JSON.parse(body))
    expect(result.calls[0]?.payload.traits).toEqual({
      visitorId: 'Ibk1527CUFmcnjLwIs4A9',
      createdAt: '2024-02-16T16:55:55.327Z',
      // the risk verdict traits, whatever the verdict (test/risk-verdict.test.ts checks it)
      ...riskTraits(assessRisk(event), new Date(event.timestamp).toISOString()),
    })
  })
})
