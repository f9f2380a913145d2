import { segmentLimits } from '@fingerprint-segment/source-function/internal'
/**
 * Batches of calls for Segment's Tracking API (`POST /v1/batch`), sized by what Segment counts:
 * the bytes of the JSON sent. Segment answers 400 to a whole request over 500 KB (taken as 500,000 bytes)
 * or holding one event over 32 KB; analytics-node estimated sizes from escape sequences and
 * letters instead, and its batches went over. Here every batch is measured exactly before it goes.
 */

/** The Tracking API's limits, in bytes of UTF-8 JSON (Segment's, written once in `segmentLimits`). */
export const trackingApiLimits = {
  /** One batch request body, envelope (`{"batch":[...],"sentAt":"..."}`) included. */
  maxBatchBytes: segmentLimits.batchBytes,
  /** One event (a call with its `type`). */
  maxCallBytes: segmentLimits.eventBytes,
} as const

/** A call ready to be batched: its JSON and that JSON's size in bytes. */
export interface BatchableCall {
  readonly json: string
  readonly bytes: number
}

/** The request body of one batch: the calls' JSON as stored, and the time it is sent. */
export function batchBody(calls: readonly { readonly json: string }[], sentAt: Date): string {
  return `{"batch":[${calls.map((call) => call.json).join(',')}],"sentAt":"${sentAt.toISOString()}"}`
}

/** Bytes of a batch body with no call: `sentAt` is always 24 characters (`2026-11-21T23:05:27.573Z`). */
const envelopeBytes = Buffer.byteLength(batchBody([], new Date(0)))

/** The size in bytes of the body `batchBody` makes from these calls. */
export function batchBytes(calls: readonly BatchableCall[]): number {
  let bytes = envelopeBytes + Math.max(0, calls.length - 1)
  for (const call of calls) bytes += call.bytes
  return bytes
}

/** What `planBatches` makes of a list of calls. */
export interface BatchPlan<Call extends BatchableCall> {
  /** In the calls' order; each within `maxCalls` and `maxBatchBytes`. */
  readonly batches: Call[][]
  /** Calls over `maxCallBytes`: no batch can carry them. */
  readonly oversized: Call[]
}

/** Limits of one batch. */
export interface BatchLimits {
  /** Most calls in one batch. */
  readonly maxCalls: number
  /** @default trackingApiLimits.maxBatchBytes */
  readonly maxBatchBytes?: number
  /** @default trackingApiLimits.maxCallBytes */
  readonly maxCallBytes?: number
}

/** Splits calls, in order, into the fewest consecutive batches that keep every limit. */
export function planBatches<Call extends BatchableCall>(calls: readonly Call[], limits: BatchLimits): BatchPlan<Call> {
  const maxBatchBytes = limits.maxBatchBytes ?? trackingApiLimits.maxBatchBytes
  const maxCallBytes = Math.min(limits.maxCallBytes ?? trackingApiLimits.maxCallBytes, maxBatchBytes - envelopeBytes)
  const batches: Call[][] = []
  const oversized: Call[] = []
  let current: Call[] = []
  let currentBytes = envelopeBytes
  for (const call of calls) {
    if (call.bytes > maxCallBytes) {
      oversized.push(call)
      continue
    }
    const added = call.bytes + (current.length > 0 ? 1 : 0)
    if (current.length >= limits.maxCalls || currentBytes + added > maxBatchBytes) {
      batches.push(current)
      current = []
      currentBytes = envelopeBytes
    }
    currentBytes += call.bytes + (current.length > 0 ? 1 : 0)
    current.push(call)
  }
  if (current.length > 0) batches.push(current)
  return { batches, oversized }
}
