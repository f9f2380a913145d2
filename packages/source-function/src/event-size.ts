import type { FingerprintContext } from './fingerprint-context'
import { hasOwn, type JsonObject } from './json'
import { jsonBytes, jsonBytesBound } from './json-size'
import type { SegmentCall, SegmentCallContext } from './segment-call'

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

// Bound once: in Segment's node:vm context every global lookup costs about 200 ns.
const objectKeys = Object.keys
const deleteProperty = Reflect.deleteProperty

/** The size of a call as the Tracking API sees it (UTF-8 JSON with its `type`), serialized. */
export function eventBytes(call: SegmentCall): number {
  return jsonBytes({ type: call.type, ...call.payload })
}

/** What fitting a call gave: the call to send (perhaps with context shed), or why it cannot be sent. */
export type FittedCall<Call extends SegmentCall> = { call: Call } | { reason: string }

/** Fits each call of one webhook to Segment's event size limit (see `createEventSizeFitter`). */
export type EventSizeFitter = <Call extends SegmentCall>(call: Call) => FittedCall<Call>

/** Bytes of `,"context":` in a call's JSON. */
const contextKeyBytes = 11

/**
 * Makes the calls of one webhook fit Segment's 32 KB limit. A call is built only from the webhook's
 * data, so its size is first bounded without serializing anything (`jsonBytesBound`; the context
 * the calls share, `shared`, once for all of them): an ordinary webhook is never serialized here.
 * Only a call that might be too large is measured, exactly: the shared context once per webhook,
 * the call's own members once. Such a call sheds optional context first (noted in
 * `context.fingerprint.shedContext`; the call gets its own copies of what changes, `shared` stays
 * as it is), and gives back a reason instead when even that is not enough. The work is bounded by
 * a few serializations of the webhook's data, however large it is.
 */
export function createEventSizeFitter(shared: SegmentCallContext): EventSizeFitter {
  let sharedBound: number | undefined
  let sharedBytes: number | undefined
  /** The exact bytes of members of `shared`, by path (`fingerprint.signals`): each is measured once. */
  const sharedMemberBytes = new Map<string, number>()

  function memberBytesOfShared(path: string, key: string, value: unknown, siblings: number): number {
    let bytes = sharedMemberBytes.get(path)
    if (bytes === undefined) {
      bytes = memberBytes(key, value, siblings)
      sharedMemberBytes.set(path, bytes)
    }
    return bytes
  }

  return <Call extends SegmentCall>(call: Call): FittedCall<Call> => {
    const { context } = call.payload
    sharedBound ??= jsonBytesBound(shared)
    if (sizeBound(call, shared, sharedBound) <= maxEventBytes) return { call }

    // Exactly: the shared context once, then what this call has of its own in place of it.
    sharedBytes ??= jsonBytes(shared)
    let contextBytes = sharedBytes
    const ownContext: JsonObject = {}
    let ownMembers = 0
    for (const key of objectKeys(context)) {
      const value = context[key]
      if (value === shared[key]) continue
      if (hasOwn(shared, key)) contextBytes -= memberBytesOfShared(key, key, shared[key], 2)
      ownContext[key] = value
      ownMembers++
    }
    if (ownMembers > 0) contextBytes += jsonBytes(ownContext) - 2 + 1
    const size = jsonBytes({ type: call.type, ...call.payload, context: undefined }) + contextKeyBytes + contextBytes
    if (size <= maxEventBytes) return { call }

    // Shed optional context from this call's own copies, measuring what each removal saves.
    const fingerprint: FingerprintContext = { ...context.fingerprint }
    const signals = fingerprint.signals && { ...fingerprint.signals }
    if (signals) fingerprint.signals = signals
    const trimmed: SegmentCallContext = { ...context, fingerprint }
    const shed: string[] = []
    let remaining = size
    for (const path of sheddableContext) {
      const parent = parentOf(trimmed, path)
      const key = path[path.length - 1] as string
      if (parent === undefined || parent[key] === undefined) continue
      const joined = path.join('.')
      const value = parent[key]
      const siblings = objectKeys(parent).length
      const sharedValue = parentOf(shared, path)?.[key]
      remaining -=
        value === sharedValue ? memberBytesOfShared(joined, key, value, siblings) : memberBytes(key, value, siblings)
      deleteProperty(parent, key)
      shed.push(joined)
      // `"shedContext":[...]` and its comma, on top.
      const shedBytes = jsonBytes(shed) + 15
      if (remaining + shedBytes <= maxEventBytes) {
        fingerprint.shedContext = [...shed]
        return { call: { ...call, payload: { ...call.payload, context: trimmed } } }
      }
    }
    return {
      reason: `the call is ${size} bytes, over Segment's ${maxEventBytes}-byte event limit even without optional context`,
    }
  }
}

/** An upper bound of a call's size: the shared context's bound, plus what the call has in place of it or besides. */
function sizeBound(call: SegmentCall, shared: SegmentCallContext, sharedBound: number): number {
  const payload = call.payload as unknown as JsonObject
  const { context } = call.payload
  let bound = sharedBound + 32
  for (const key of objectKeys(payload)) {
    if (key !== 'context') bound += key.length * 6 + 4 + jsonBytesBound(payload[key])
  }
  for (const key of objectKeys(context)) {
    const value = context[key]
    if (value !== shared[key]) bound += key.length * 6 + 4 + jsonBytesBound(value)
  }
  return bound
}

/** The bytes `"key":value` takes in an object, with its comma when the object has other members. */
function memberBytes(key: string, value: unknown, members: number): number {
  return jsonBytes(key) + 1 + jsonBytes(value) + (members > 1 ? 1 : 0)
}

/** The object holding the last key of `path`, when every step is an object. */
function parentOf(root: JsonObject, path: readonly string[]): JsonObject | undefined {
  let parent: unknown = root
  for (let index = 0; index < path.length - 1; index++) {
    if (typeof parent !== 'object' || parent === null) return undefined
    parent = (parent as JsonObject)[path[index] as string]
  }
  return typeof parent === 'object' && parent !== null ? (parent as JsonObject) : undefined
}
