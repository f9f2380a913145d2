/**
 * The entry of the pasteable Segment Source Function bundle. Rollup wraps this module in an IIFE
 * and appends a top-level `async function onRequest(request, settings)` that calls it.
 */
import { isSegmentError } from '../segment/errors'
import { createSegmentFunction, type SegmentOnRequest } from './segment-function'
import type { FunctionRequest, FunctionSettings, SegmentEmitter } from './segment-runtime'

declare const Segment: SegmentEmitter

/** Segment's own error class of the same name when the runtime defines it, otherwise ours. */
function toRuntimeError(error: unknown): unknown {
  if (!isSegmentError(error)) return error
  const RuntimeClass: unknown = (globalThis as Record<string, unknown>)[error.name]
  return typeof RuntimeClass === 'function'
    ? new (RuntimeClass as new (message: string) => Error)(error.message)
    : error
}

/** Made at the first webhook: the runtime's globals are read then, not when the script loads. */
let handleWebhook: SegmentOnRequest | undefined

export async function onRequest(request: FunctionRequest, settings: FunctionSettings | undefined): Promise<void> {
  try {
    handleWebhook ??= createSegmentFunction({ segment: Segment, logger: console })
    await handleWebhook(request, settings)
  } catch (error) {
    throw toRuntimeError(error)
  }
}
