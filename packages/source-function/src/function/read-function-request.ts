import { InvalidEventPayload, ValidationError } from '../errors'
import { utf8ByteLength } from '../json'
import type { WebhookRequest } from '../pipeline/webhook-request'
import type { FunctionRequest } from './segment-runtime'

/** Segment's limit on a Source Function's incoming body. */
export const maxFunctionBodyBytes = 512 * 1024

/**
 * The webhook as the pipeline takes it: the raw body from `request.text()` (needed for signature
 * checks), or, when the runtime only has `request.json()`, the parsed body (never re-serialized:
 * `JSON.stringify` of it is not the text Fingerprint signed).
 *
 * @throws ValidationError for a body over 512 KiB; InvalidEventPayload for one that cannot be read
 */
export async function readFunctionRequest(request: FunctionRequest): Promise<WebhookRequest> {
  const url = request.url === undefined ? undefined : String(request.url)
  const base: WebhookRequest = {}
  if (request.headers) base.headers = request.headers
  if (url !== undefined) base.url = url
  if (typeof request.text === 'function') {
    const text: unknown = await request.text()
    if (typeof text !== 'string') throw new InvalidEventPayload('The webhook body could not be read as text.')
    if (utf8ByteLength(text) > maxFunctionBodyBytes) {
      throw new ValidationError(
        `The webhook body is over ${maxFunctionBodyBytes / 1024} KiB, the most a Source Function accepts.`,
      )
    }
    return { ...base, rawBody: text }
  }
  if (typeof request.json !== 'function') {
    throw new InvalidEventPayload('The request has neither text() nor json(): no body to read.')
  }
  try {
    return { ...base, parsedBody: await request.json() }
  } catch (error) {
    throw new InvalidEventPayload(
      `The webhook body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
}
