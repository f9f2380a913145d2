import { describe, expect, it } from 'vitest'
import { ValidationError, WebhookAuthenticationError } from '../segment/errors'

import { assertValidWebhookToken } from './webhook-token'

const segmentUrl = 'https://fn.segmentapis.com/?b=c291cmNlLWlk'

describe('assertValidWebhookToken', () => {
  it("accepts the token after Segment's own query parameters, and any of several while rotating", () => {
    expect(() => assertValidWebhookToken(`${segmentUrl}&token=new`, ['old', 'new'])).not.toThrow()
    expect(() => assertValidWebhookToken('/fingerprint?token=old', ['old', 'new'])).not.toThrow()
  })

  it.each([
    [segmentUrl, /has no token parameter/],
    [undefined, /has no token parameter/],
    [`${segmentUrl}&token=`, /matches no configured webhookToken/],
    [`${segmentUrl}&token=guess`, /matches no configured webhookToken/],
    [`${segmentUrl}&Token=right`, /has no token parameter/],
    [`${segmentUrl}&token=righ`, /matches no/],
    [`${segmentUrl}&token=right%20`, /matches no/],
  ])('refuses %s with a ValidationError', (url, message) => {
    expect(() => assertValidWebhookToken(url, ['right'])).toThrow(ValidationError)
    expect(() => assertValidWebhookToken(url, ['right'])).toThrow(message)
  })

  it('takes exactly one token parameter: one guess per webhook', () => {
    expect(() => assertValidWebhookToken(`${segmentUrl}&token=x&token=right`, ['right'])).toThrow(
      /has 2 token parameters; it must have exactly one/,
    )
    const url = `${segmentUrl}${'&token=x'.repeat(10_000)}&token=right`
    expect(() => assertValidWebhookToken(url, ['right'])).toThrow(WebhookAuthenticationError)
  })
})
