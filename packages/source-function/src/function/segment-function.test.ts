import { describe, expect, it } from 'vitest'
import { officialFixture, withSegmentPayload } from '@fingerprint-segment/test-kit'
import { InvalidEventPayload, RetryError, ValidationError } from '../segment/errors'
import { createSegmentFunction, type SegmentFunctionHost } from './segment-function'

function collectingHost(): SegmentFunctionHost & { calls: { type: string; payload: object }[]; lines: string[] } {
  const calls: { type: string; payload: object }[] = []
  const lines: string[] = []
  const emit = (type: string) => (payload: object) => calls.push({ type, payload })
  return {
    calls,
    lines,
    segment: {
      identify: emit('identify'),
      page: emit('page'),
      track: emit('track'),
      group: emit('group'),
      screen: emit('screen'),
    },
    logger: { info: (line: string) => lines.push(line), warn: (line: string) => lines.push(line) },
  }
}

const body = withSegmentPayload(officialFixture('v4/webhook.json'), { track: { event: 'Signed Up' } })
/** The official example is years old: these tests are about reading the body, so the freshness check is off. */
const historicFixtureSettings = { maxEventAgeSeconds: '0', acceptUnauthenticatedWebhooks: true }

describe('createSegmentFunction', () => {
  it('reads the body through a synchronous json() when the runtime has no text()', async () => {
    const host = collectingHost()
    await createSegmentFunction(host)({ json: () => body }, historicFixtureSettings)
    expect(host.calls.map((call) => call.type)).toEqual(['identify', 'track'])
  })

  it('reads the body through a json() that returns a promise', async () => {
    const host = collectingHost()
    await createSegmentFunction(host)({ json: async () => body }, historicFixtureSettings)
    expect(host.calls.map((call) => call.type)).toEqual(['identify', 'track'])
  })

  it('turns a json() that throws a SyntaxError into InvalidEventPayload', async () => {
    const host = collectingHost()
    const request = {
      json: () => {
        throw new SyntaxError('Unexpected token')
      },
    }
    await expect(createSegmentFunction(host)(request, historicFixtureSettings)).rejects.toBeInstanceOf(
      InvalidEventPayload,
    )
    expect(host.calls).toEqual([])
  })

  it('refuses a body over 512 KiB, the most Segment hands a function, before reading it as JSON', async () => {
    const host = collectingHost()
    const request = { text: () => `{"requestId":"${'a'.repeat(512 * 1024)}"}` }
    await expect(createSegmentFunction(host)(request, {})).rejects.toThrow(ValidationError)
    await expect(createSegmentFunction(host)(request, {})).rejects.toThrow(/over 512 KiB/)
  })

  it('answers a bug (anything not a Segment error class) with RetryError naming it, so Segment retries', async () => {
    const host = collectingHost()
    host.segment.identify = () => {
      throw new TypeError('emitter exploded')
    }
    const attempt = createSegmentFunction(host)({ json: () => body }, historicFixtureSettings)
    await expect(attempt).rejects.toBeInstanceOf(RetryError)
    await expect(createSegmentFunction(host)({ json: () => body }, historicFixtureSettings)).rejects.toThrow(
      /TypeError: emitter exploded/,
    )
  })

  it('reads the settings once while they stay the same, and again when they change', async () => {
    const host = collectingHost()
    const onRequest = createSegmentFunction(host)
    const settings = { ...historicFixtureSettings, riskRules: '{"thresholds":{"challenge":40}}' }
    await onRequest({ json: () => body }, settings)
    await expect(
      onRequest({ json: () => body }, { ...settings, riskRules: '{"thresholds":{"challenge":"x"}}' }),
    ).rejects.toThrow(/riskRules\.thresholds\.challenge must be a number/)
    await onRequest({ json: () => body }, settings)
    expect(host.calls.filter((call) => call.type === 'identify')).toHaveLength(2)
  })
})
