import { isPlainObject, ownMember, utf8ByteLength } from './json'
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
 * Sheds from the call's own context, which no other call shares (see `callBase`).
 */
export function fitEventSize<Call extends SegmentCall>(call: Call): { call: Call } | { reason: string } {
  const size = eventBytes(call)
  if (size <= maxEventBytes) return { call }
  const shed: string[] = []
  const context = call.payload.context
  for (const path of sheddableContext) {
    if (!removePath(context, path)) continue
    shed.push(path.join('.'))
    context.fingerprint.shedContext = [...shed]
    if (eventBytes(call) <= maxEventBytes) return { call }
  }
  return {
    reason: `the call is ${size} bytes, over Segment's ${maxEventBytes}-byte event limit even without optional context`,
  }
}

/** Deletes `target[path[0]][path[1]]...` when it is there. */
function removePath(target: object, path: readonly string[]): boolean {
  let parent: unknown = target
  for (const key of path.slice(0, -1)) parent = ownMember(parent, key)
  const last = path[path.length - 1]
  if (last === undefined || !isPlainObject(parent) || !(last in parent)) return false
  return Reflect.deleteProperty(parent, last)
}
