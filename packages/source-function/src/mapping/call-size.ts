import type { FingerprintContext } from './fingerprint-context'
import { hasOwn, type JsonObject } from '../lib/json'
import { jsonBytes, jsonBytesBound } from '../lib/json-size'
import type { SegmentCall, SegmentCallContext } from './segment-call'
import { segmentLimits } from '../segment/limits'

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
 * The exact sizes of the shared context, measured once per webhook when a call might be too large:
 * the whole, and each member that a call may lose or replace, so that no part of it is serialized
 * twice however many calls need it.
 */
interface SharedSizes {
  /** The shared context's JSON. */
  bytes: number
  /** `"key":value` of each member, by path (`location`, `fingerprint.signals`, `fingerprint.signals.velocity`). */
  members: ReadonlyMap<string, number>
  /**
   * `context.fingerprint` without its signals: what no call can shed, so a call whose own part
   * alone is over the limit is refused without measuring anything else.
   */
  fingerprintCore: number
}

/**
 * Makes the calls of one webhook fit Segment's 32 KB limit. A call is built only from the webhook's
 * data, so its size is first bounded without serializing anything (`jsonBytesBound`; the context
 * the calls share, `shared`, once for all of them): an ordinary webhook is never serialized here.
 * Only a call that might be too large is measured, exactly: the shared context once per webhook
 * (each of its parts once), the call's own members once. Such a call sheds optional context first
 * (noted in `context.fingerprint.shedContext`; the call gets its own copies of what changes,
 * `shared` stays as it is), and gives back a reason instead when even that is not enough. The work
 * is bounded by about one serialization of the webhook's data, however large it is and however
 * many calls it makes.
 */
export function createEventSizeFitter(shared: SegmentCallContext): EventSizeFitter {
  let sharedBound: number | undefined
  let sizes: SharedSizes | undefined

  return <Call extends SegmentCall>(call: Call): FittedCall<Call> => {
    const { context } = call.payload
    sharedBound ??= jsonBytesBound(shared)
    if (sizeBound(call, shared, sharedBound) <= segmentLimits.eventBytes) return { call }

    sizes ??= measureShared(shared)
    if (context.fingerprint === shared.fingerprint && sizes.fingerprintCore > segmentLimits.eventBytes)
      return tooLarge(`at least ${sizes.fingerprintCore}`)

    // Exactly: the shared context, less what this call has in place of it, plus what it has of its own.
    let contextBytes = sizes.bytes
    const ownContext: JsonObject = {}
    let ownMembers = 0
    for (const key of objectKeys(context)) {
      const value = context[key]
      if (value === shared[key]) continue
      if (hasOwn(shared, key)) contextBytes -= (sizes.members.get(key) ?? memberBytes(key, shared[key])) + 1
      ownContext[key] = value
      ownMembers++
    }
    if (ownMembers > 0) contextBytes += jsonBytes(ownContext) - 2 + 1
    const size = jsonBytes({ type: call.type, ...call.payload, context: undefined }) + contextKeyBytes + contextBytes
    if (size <= segmentLimits.eventBytes) return { call }

    // Shed optional context from this call's own copies, subtracting what each removal saves.
    const fingerprint: FingerprintContext = { ...context.fingerprint }
    const signals = fingerprint.signals && { ...fingerprint.signals }
    if (signals) fingerprint.signals = signals
    const trimmed: SegmentCallContext = { ...context, fingerprint }
    const shed: string[] = []
    /** Bytes already shed from inside a member, by its path: its measured size is that much less now. */
    const shedWithin = new Map<string, number>()
    let remaining = size
    for (const path of sheddableContext) {
      const parent = parentOf(trimmed, path)
      const key = path[path.length - 1] as string
      const value = parent?.[key]
      if (parent === undefined || value === undefined) continue
      const joined = path.join('.')
      // Measured once per webhook when this call has the shared member (before any copy of it).
      const measured =
        parentOf(context, path)?.[key] === parentOf(shared, path)?.[key] ? sizes.members.get(joined) : undefined
      const saved =
        (measured === undefined ? memberBytes(key, value) : measured - (shedWithin.get(joined) ?? 0)) +
        (definedMembers(parent) > 1 ? 1 : 0)
      remaining -= saved
      for (let end = 1; end < path.length; end++) {
        const within = path.slice(0, end).join('.')
        shedWithin.set(within, (shedWithin.get(within) ?? 0) + saved)
      }
      deleteProperty(parent, key)
      shed.push(joined)
      // `"shedContext":[...]` and its comma, on top.
      if (remaining + jsonBytes(shed) + 15 <= segmentLimits.eventBytes) {
        fingerprint.shedContext = [...shed]
        return { call: { ...call, payload: { ...call.payload, context: trimmed } } }
      }
    }
    return tooLarge(`${size}`)
  }
}

function tooLarge(size: string): { reason: string } {
  return {
    reason: `the call is ${size} bytes, over Segment's ${segmentLimits.eventBytes}-byte event limit even without optional context`,
  }
}

/** The exact sizes of `shared` (see `SharedSizes`), each byte of it serialized once. */
function measureShared(shared: SegmentCallContext): SharedSizes {
  const members = new Map<string, number>()
  let bytes = 2
  let count = 0
  let fingerprintCore = 0
  for (const key of objectKeys(shared)) {
    const value = shared[key]
    if (value === undefined) continue
    let member: number
    if (key === 'fingerprint') {
      const fingerprint = value as FingerprintContext
      const core = jsonBytes({ ...fingerprint, signals: undefined })
      fingerprintCore = core
      const signals = fingerprint.signals
      let valueBytes = core
      if (signals !== undefined) {
        const velocity = signals.velocity
        const signalsCore = jsonBytes({ ...signals, velocity: undefined })
        let signalsBytes = signalsCore
        if (velocity !== undefined) {
          const velocityMember = memberBytes('velocity', velocity)
          members.set('fingerprint.signals.velocity', velocityMember)
          signalsBytes += velocityMember + (signalsCore > 2 ? 1 : 0)
        }
        const signalsMember = keyBytes('signals') + 1 + signalsBytes
        members.set('fingerprint.signals', signalsMember)
        valueBytes += signalsMember + (core > 2 ? 1 : 0)
      }
      member = keyBytes(key) + 1 + valueBytes
    } else member = memberBytes(key, value)
    members.set(key, member)
    bytes += member
    count++
  }
  return { bytes: bytes + (count > 1 ? count - 1 : 0), members, fingerprintCore }
}

/** An upper bound of a call's size: the shared context's bound, plus what the call has in place of it or besides. */
function sizeBound(call: SegmentCall, shared: SegmentCallContext, sharedBound: number): number {
  const payload = call.payload as unknown as JsonObject
  const { context } = call.payload
  let bound = sharedBound + 32
  for (const key of objectKeys(payload)) {
    if (key !== 'context') bound += key.length * 6 + 4 + jsonBytesBound(payload[key])
  }
  if (context === shared) return bound
  for (const key of objectKeys(context)) {
    const value = context[key]
    if (value !== shared[key]) bound += key.length * 6 + 4 + jsonBytesBound(value)
  }
  return bound
}

/** The bytes `"key":value` takes in an object (its comma not included). */
function memberBytes(key: string, value: unknown): number {
  return keyBytes(key) + 1 + jsonBytes(value)
}

function keyBytes(key: string): number {
  return jsonBytes(key)
}

/** How many members of `object` JSON writes. */
function definedMembers(object: JsonObject): number {
  let count = 0
  for (const key of objectKeys(object)) if (object[key] !== undefined) count++
  return count
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
