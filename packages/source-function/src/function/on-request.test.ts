import { describe, expect, it } from 'vitest'
import { officialFixture, withSegmentPayload } from '../../test/fixtures'
import { InvalidEventPayload } from '../errors'
import { handleWebhook, type FunctionHost } from './on-request'

function collectingHost(): FunctionHost & { calls: { type: string; payload: object }[]; lines: string[] } {
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
    logger: { info: (line) => lines.push(line), warn: (line) => lines.push(line) },
  }
}

const body = withSegmentPayload(officialFixture('v4/webhook.json'), { track: { event: 'Signed Up' } })
/** The official example is years old: these tests are about reading the body, so the freshness check is off. */
const historicFixtureSettings = { maxEventAgeSeconds: '0' }

describe('handleWebhook', () => {
  it('reads the body through a synchronous json() when the runtime has no text()', async () => {
    const host = collectingHost()
    await handleWebhook({ json: () => body }, historicFixtureSettings, host)
    expect(host.calls.map((call) => call.type)).toEqual(['identify', 'track'])
  })

  it('reads the body through a json() that returns a promise', async () => {
    const host = collectingHost()
    await handleWebhook({ json: async () => body }, historicFixtureSettings, host)
    expect(host.calls.map((call) => call.type)).toEqual(['identify', 'track'])
  })

  it('turns a json() that throws a SyntaxError into InvalidEventPayload', async () => {
    const host = collectingHost()
    const request = {
      json: () => {
        throw new SyntaxError('Unexpected token')
      },
    }
    await expect(handleWebhook(request, historicFixtureSettings, host)).rejects.toBeInstanceOf(InvalidEventPayload)
    expect(host.calls).toEqual([])
  })
})
