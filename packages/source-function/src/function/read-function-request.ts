import { utf8ByteLength } from '../lib/utf8'
import { InvalidEventPayload, ValidationError } from '../segment/errors'

import type { WebhookRequest } from '../pipeline/webhook-request'
import type { FunctionRequest } from './segment-runtime'
import { segmentLimits } from '../segment/limits'

/**
 * The webhook as the pipeline takes it. The raw body from `request.text()` when `needRawBody` (a
 * signature is to be checked over it), or when the runtime has no `request.json()`; otherwise the
 * body `request.json()` already parsed: a deployed function's `text()` is only a re-serialization
 * of that object (Segment sorts its keys), so reading it would cost a `JSON.stringify` and a
 * `JSON.parse` for nothing.
 *
 * @throws ValidationError for a text body over 512 KiB; InvalidEventPayload for one that cannot be read
 */
export async function readFunctionRequest(request: FunctionRequest, needRawBody: boolean): Promise<WebhookRequest> {
  const url = request.url === undefined ? undefined : String(request.url)
  const base: WebhookRequest = {}
  if (request.headers) base.headers = request.headers
  if (url !== undefined) base.url = url
  if (typeof request.text === 'function' && (needRawBody || typeof request.json !== 'function')) {
    return { ...base, rawBody: await readText(request.text.bind(request)) }
  }
  if (typeof request.json !== 'function') {
    throw new InvalidEventPayload('The request has neither text() nor json(): no body to read.')
  }
  try {
    return { ...base, parsedBody: await request.json() }
  } catch (error) {
    // The body is not JSON: the text, when there is one, says exactly what is wrong with it.
    if (typeof request.text === 'function') return { ...base, rawBody: await readText(request.text.bind(request)) }
    throw new InvalidEventPayload(`The webhook body is not valid JSON: ${describe(error)}`)
  }
}

async function readText(text: () => unknown): Promise<string> {
  let body: unknown
  try {
    body = await text()
  } catch (error) {
    throw new InvalidEventPayload(`The webhook body could not be read as text: ${describe(error)}`)
  }
  if (typeof body !== 'string') throw new InvalidEventPayload('The webhook body could not be read as text.')
  if (utf8ByteLength(body) > segmentLimits.functionBodyBytes) {
    throw new ValidationError(
      `The webhook body is over ${segmentLimits.functionBodyBytes / 1024} KiB, the most a Source Function accepts.`,
    )
  }
  return body
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}
