import { describe, expect, it } from 'vitest'
import { readWebhookEventId } from './webhook-event-id'

describe('readWebhookEventId', () => {
  it('reads the v4 event_id, or else the v3 requestId', () => {
    expect(readWebhookEventId('{"event_id":"1708102555327.NLOjmg","requestId":"x"}')).toBe('1708102555327.NLOjmg')
    expect(readWebhookEventId('{"requestId":"1708102555327.NLOjmg"}')).toBe('1708102555327.NLOjmg')
  })

  it.each(['not json', '[]', 'null', '{"event_id":5}', '{"requestId":""}', '{}'])('is undefined for %j', (body) => {
    expect(readWebhookEventId(body)).toBeUndefined()
  })
})
