import { InvalidEventPayload, ValidationError } from '../errors'
import { utf8ByteLength } from '../json'
import type { FunctionRequest } from './segment-runtime'

/** Segment's limit on a Source Function's incoming body. */
export const maxBodyBytes = 512 * 1024

/**
 * The raw body text from `request.text()` (needed for signature checks), or `undefined` when the
 * runtime only has `request.json()`: the body is then never re-serialized, since JSON.stringify of
 * the parsed body is not the text Fingerprint signed.
 */
export async function readRawBody(request: FunctionRequest): Promise<string | undefined> {
  if (typeof request.text !== 'function') return undefined
  const text: unknown = await request.text()
  if (typeof text !== 'string') throw new InvalidEventPayload('The webhook body could not be read as text.')
  if (utf8ByteLength(text) > maxBodyBytes) {
    throw new ValidationError(
      `The webhook body is over ${maxBodyBytes / 1024} KiB, the most a Source Function accepts.`,
    )
  }
  return text
}

/** Parses the body, turning every parse failure into `InvalidEventPayload`. */
export async function parseBody(request: FunctionRequest, rawBody: string | undefined): Promise<unknown> {
  if (rawBody !== undefined) {
    if (rawBody.trim() === '')
      throw new InvalidEventPayload('The webhook body is empty; expected a Fingerprint event as JSON.')
    try {
      return JSON.parse(rawBody)
    } catch (error) {
      throw new InvalidEventPayload(
        `The webhook body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      )
    }
  }
  if (typeof request.json !== 'function')
    throw new InvalidEventPayload('The request has neither text() nor json(): no body to read.')
  try {
    return await request.json()
  } catch (error) {
    throw new InvalidEventPayload(
      `The webhook body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
}
