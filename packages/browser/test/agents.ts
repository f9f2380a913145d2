/**
 * Test agents implementing the real published agent interfaces (`Agent` from
 * @fingerprintjs/fingerprintjs-pro v3 and from @fingerprint/agent v4): Fingerprint's cloud cannot
 * be reached from tests, so `get()` answers as the test says: at once, after a delay, with an
 * error, or never.
 */
import type * as V3 from '@fingerprintjs/fingerprintjs-pro'
import type * as V4 from '@fingerprint/agent'

export type Behaviour = 'resolve' | 'reject' | 'hang' | { delayMs: number }

/** What a test agent recorded. */
export interface Recorder<O> {
  /** The options of every `get()`, in order. */
  calls: O[]
  /** How many `get()` calls have resolved. */
  answered: number
}

function answer<T>(recorder: Recorder<unknown>, behaviour: Behaviour, result: () => T): Promise<T> {
  const done = (): T => {
    recorder.answered += 1
    return result()
  }
  if (behaviour === 'resolve') return Promise.resolve(done())
  if (behaviour === 'reject') return Promise.reject(new Error('Network connection error'))
  if (behaviour === 'hang') return new Promise<T>(() => undefined)
  return new Promise<T>((resolve) => setTimeout(() => resolve(done()), behaviour.delayMs))
}

type V3Result<T extends boolean> = T extends true ? V3.ExtendedGetResult : V3.GetResult

export function createV3Agent(behaviour: Behaviour = 'resolve'): V3.Agent & Recorder<V3.GetOptions<boolean>> {
  const calls: V3.GetOptions<boolean>[] = []
  const agent = {
    calls,
    answered: 0,
    get<T extends boolean = false>(options?: Readonly<V3.GetOptions<T>>): Promise<V3Result<T>> {
      calls.push({ ...options })
      const n = calls.length
      const result: V3.GetResult = {
        visitorId: 'v3-visitor',
        requestId: `v3-request-${n}`,
        visitorFound: true,
        confidence: { score: 1 },
      }
      // The extended result is not needed here; the cast only restates the agent's own return type.
      return answer(agent, behaviour, () => result as V3Result<T>)
    },
    collect: () => Promise.resolve('v3-collected'),
  }
  return agent
}

export function createV4Agent(behaviour: Behaviour = 'resolve'): V4.Agent & Recorder<V4.GetOptions> {
  const calls: V4.GetOptions[] = []
  const agent = {
    calls,
    answered: 0,
    get(options?: Readonly<V4.GetOptions>): Promise<V4.GetResult> {
      calls.push({ ...options })
      const n = calls.length
      return answer(agent, behaviour, () => ({
        event_id: `v4-event-${n}`,
        visitor_id: 'v4-visitor',
        sealed_result: null,
      }))
    },
    collect: () => Promise.resolve('v4-collected'),
  }
  return agent
}
