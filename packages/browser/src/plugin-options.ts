import {
  hasMethod,
  milliseconds,
  optional,
  resolveOptions,
  SHARED_RULES,
  type FingerprintPluginOptions,
  type ForwardedCall,
  type IdentificationCache,
  type ResolvedOptions,
} from './options'

/** The calls `forward` may hold. */
const FORWARDABLE: readonly unknown[] = ['page', 'track'] satisfies ForwardedCall[]
/** The values `cache` may take. */
const CACHES: readonly unknown[] = [false, 'sessionStorage', 'localStorage'] satisfies IdentificationCache[]

/**
 * The options of `fingerprintPlugin`, validated in the order of the type, defaults applied (an
 * option given as `undefined` keeps its default). Throws a `TypeError` naming the first invalid one.
 */
export const resolvePluginOptions = (options: FingerprintPluginOptions): ResolvedOptions =>
  resolveOptions('fingerprintPlugin', options, {
    agent: [
      undefined,
      (agent) => hasMethod(agent, 'get') || hasMethod(agent, 'then'),
      'a Fingerprint agent or a promise of one',
    ],
    ...SHARED_RULES,
    forward: [
      [],
      (forward) => Array.isArray(forward) && forward.every((call) => FORWARDABLE.includes(call)),
      `an array of ${JSON.stringify(FORWARDABLE)}`,
    ],
    cache: ['sessionStorage', (cache) => CACHES.includes(cache), `one of ${JSON.stringify(CACHES)}`],
    cacheTtl: milliseconds(3_600_000, 43_200_000),
    consent: optional('string function'),
  }) as ResolvedOptions
