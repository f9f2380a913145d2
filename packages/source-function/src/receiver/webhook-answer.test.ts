import { describe, expect, it } from 'vitest'
import { InvalidEventPayload, RetryError, ValidationError, WebhookSignatureError } from '../errors'
import { toSegmentCalls } from '../to-segment-calls'
import { officialFixture, withSegmentPayload } from '../../test/fixtures'
import { BodyTimeoutError, BodyTooLargeError } from './read-raw-body'
import { answerForError, answerForResult } from './webhook-answer'

const trackingUrl = 'https://proxy.example/segment/v1/batch'
const mapped = toSegmentCalls(withSegmentPayload(officialFixture('v4/webhook.json'), { track: { event: 'Signed Up' } }))
const unmapped = toSegmentCalls(officialFixture('v4/webhook.json'))

describe('answerForResult', () => {
  it('answers 200 when every call was accepted', () => {
    const answer = answerForResult(mapped, { accepted: true }, trackingUrl)
    expect(answer).toMatchObject({ status: 200, body: { status: 'accepted', calls: mapped.calls.length } })
    expect(answer.log).toMatchObject({ level: 'info', mapping: 'emitted', calls: mapped.calls.length })
  })

  it('answers 200 when there was nothing to forward', () => {
    expect(answerForResult(unmapped, undefined, trackingUrl)).toMatchObject({
      status: 200,
      body: { status: 'nothing to forward', calls: 0 },
      log: { mapping: 'no-integration' },
    })
  })

  it('answers 503 when the tracking API did not accept the calls, and the log names the URL that failed', () => {
    const answer = answerForResult(mapped, { accepted: false, reason: 'connection refused' }, trackingUrl)
    expect(answer.status).toBe(503)
    expect(answer.body.error).toMatch(/connection refused.*retry the same webhook/)
    expect(answer.log).toMatchObject({ level: 'warn', trackingUrl, message: `connection refused (${trackingUrl})` })
  })
})

describe('answerForError', () => {
  it.each<[Error, number, boolean]>([
    [new BodyTooLargeError(1024), 413, true],
    [new BodyTimeoutError(2500), 408, true],
    [new WebhookSignatureError('bad signature'), 401, false],
    [new ValidationError('too old'), 400, false],
    [new InvalidEventPayload('not JSON'), 400, false],
    [new RetryError('later'), 503, false],
  ])('%o -> %i', (error, status, closeConnection) => {
    const answer = answerForError(error, 'evt-1')
    expect(answer).toMatchObject({ status, closeConnection, body: { error: error.message } })
    expect(answer.log).toMatchObject({ requestId: 'evt-1', message: error.message })
  })

  it('answers a bug with 500 (Fingerprint retries), keeps its cause in the log only', () => {
    const answer = answerForError(new TypeError("Cannot read properties of undefined (reading 'x')"))
    expect(answer.status).toBe(500)
    expect(answer.body).toEqual({ error: 'The receiver failed unexpectedly; see its logs.' })
    expect(answer.log).toMatchObject({
      level: 'error',
      cause: "TypeError: Cannot read properties of undefined (reading 'x')",
    })
    expect(answer.log.requestId).toBeUndefined()
  })

  it('bounds the event id a refused body claims before it reaches the log', () => {
    const answer = answerForError(new ValidationError('no'), `evt-${'x'.repeat(10_000)}`)
    expect(String(answer.log.requestId).length).toBeLessThan(100)
  })
})
