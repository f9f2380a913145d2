import { describe, expect, it } from 'vitest'
import {
  InvalidEventPayload,
  RetryError,
  toSegmentCalls,
  ValidationError,
  WebhookAuthenticationError,
} from '@fingerprint-segment/source-function'
import { officialFixture, withSegmentPayload } from '@fingerprint-segment/test-kit'
import { StoreUnavailableError } from '../store/store-errors'
import { BodyTimeoutError, BodyTooLargeError } from './read-raw-body'
import { answerForError, answerForResult } from './webhook-answer'

const mapped = toSegmentCalls(withSegmentPayload(officialFixture('v4/webhook.json'), { track: { event: 'Signed Up' } }))
const unmapped = toSegmentCalls(officialFixture('v4/webhook.json'))

describe('answerForResult', () => {
  it('answers 200 once the calls are stored', () => {
    const answer = answerForResult(mapped, { stored: mapped.calls.length, duplicates: 0 })
    expect(answer).toMatchObject({
      status: 200,
      body: { status: 'stored', calls: mapped.calls.length, duplicates: 0 },
    })
    expect(answer.log).toMatchObject({ level: 'info', mapping: 'emitted', calls: mapped.calls.length })
  })

  it('answers 200 to a copy already stored, saying so', () => {
    const answer = answerForResult(mapped, { stored: 0, duplicates: mapped.calls.length })
    expect(answer).toMatchObject({ status: 200, body: { status: 'stored', duplicates: mapped.calls.length } })
    expect(answer.log).toMatchObject({ duplicates: mapped.calls.length })
  })

  it('answers 200 when there was nothing to forward', () => {
    expect(answerForResult(unmapped, undefined)).toMatchObject({
      status: 200,
      body: { status: 'nothing to forward', calls: 0 },
      log: { mapping: 'no-integration' },
    })
  })
})

describe('answerForError', () => {
  it.each<[Error, number, boolean]>([
    [new BodyTooLargeError(1024), 413, true],
    [new BodyTimeoutError(2500), 408, true],
    [new WebhookAuthenticationError('bad signature'), 401, false],
    [new ValidationError('too old'), 400, false],
    [new InvalidEventPayload('not JSON'), 400, false],
    [new RetryError('later'), 503, false],
    [new StoreUnavailableError('disk full'), 503, false],
  ])('%o -> %i', (error, status, closeConnection) => {
    const answer = answerForError(error, '1700000000000.event1')
    expect(answer).toMatchObject({ status, closeConnection, body: { error: expect.stringContaining(error.message) } })
    expect(answer.log).toMatchObject({
      requestId: '1700000000000.event1',
      message: expect.stringContaining(error.message),
    })
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
