import { utf8ByteLength, type JsonObject } from './json'
import type { SegmentCall } from './segment-call'

/** Segment's Tracking API rejects events over 32 KB; keep a margin for the fields it adds. */
export const maxEventBytes = 32_000

/** Optional context shed, in this order, from a call that is too large. */
const sheddableContext: readonly (readonly string[])[] = [
  ['fingerprint', 'signals', 'velocity'],
  ['fingerprint', 'signals'],
  ['browserDetails'],
  ['location'],
  ['userAgent'],
  ['page'],
]

/** The size of a call as the Tracking API sees it (UTF-8 JSON with its `type`). */
export function eventBytes(call: SegmentCall): number {
  return utf8ByteLength(JSON.stringify({ type: call.type, ...call.payload }))
}

/**
 * Makes a call fit Segment's 32 KB limit: sheds optional context first (noting what in
 * `context.fingerprint.shedContext`), and gives back a reason instead when even that is not enough.
 */
export function fitEventSize(call: SegmentCall): { call: SegmentCall } | { reason: string } {
  const size = eventBytes(call)
  if (size <= maxEventBytes) return { call }
  const shed: string[] = []
  const context = call.payload.context
  for (const path of sheddableContext) {
    if (!removePath(context, path)) continue
    shed.push(path.join('.'))
    const fingerprint = context.fingerprint as JsonObject | undefined
    if (fingerprint) fingerprint.shedContext = [...shed]
    if (eventBytes(call) <= maxEventBytes) return { call }
  }
  return {
    reason: `the call is ${size} bytes, over Segment's ${maxEventBytes}-byte event limit even without optional context`,
  }
}

function removePath(target: JsonObject, path: readonly string[]): boolean {
  let parent: unknown = target
  for (const key of path.slice(0, -1)) {
    parent = typeof parent === 'object' && parent !== null ? (parent as JsonObject)[key] : undefined
  }
  const last = path[path.length - 1] as string
  if (typeof parent !== 'object' || parent === null || !(last in parent)) return false
  return Reflect.deleteProperty(parent, last)
}
