import type * as V3 from '@fingerprintjs/fingerprintjs-pro'
import type * as V4 from '@fingerprint/agent'
import type { SegmentIntegration } from '@fingerprint-segment/source-function'

/**
 * A type from an optional peer dependency, or `never` when that peer is not installed (TypeScript
 * then sees it as `any`). This keeps a v3-only or v4-only project correctly typed.
 */
export type Installed<T> = 0 extends 1 & T ? never : T

/** The v3 agent, `await FingerprintJS.load(...)` from `@fingerprintjs/fingerprintjs-pro`. */
export type FingerprintAgentV3 = Installed<V3.Agent>
/** The v4 agent, `Fingerprint.start(...)` from `@fingerprint/agent`. */
export type FingerprintAgentV4 = Installed<V4.Agent>
/** Either agent. */
export type FingerprintAgent = FingerprintAgentV3 | FingerprintAgentV4

/** The `integrations` object of a tag: `segment` is typed, other integrations are left alone. */
export interface TagIntegrations {
  segment?: SegmentIntegration
  [integration: string]: unknown
}

/** A tag carrying a Segment payload at `integrations.segment`, plus any keys of the site's own. */
export interface SegmentTag {
  integrations?: TagIntegrations
  [key: string]: unknown
}

/** What a Segment-aware agent accepts as `tag` / `tags`: a tag object or a simple value. */
export type SegmentTagInput = SegmentTag | string | number | boolean | null

/** The v3 `get()` options with a Segment-aware `tag`. */
export type SegmentAwareV3GetOptions<TExtended extends boolean> = Omit<V3.GetOptions<TExtended>, 'tag'> & {
  tag?: SegmentTagInput
}

/** The v4 `get()` options with Segment-aware `tag` and `tags` (`tags` wins when both are given). */
export type SegmentAwareV4GetOptions = Omit<V4.GetOptions, 'tag' | 'tags'> & {
  tag?: SegmentTagInput
  tags?: SegmentTagInput
}

/** The v3 agent returned by `withSegment`: the same agent, whose `get()` also sends the Segment payload. */
export interface SegmentAwareAgentV3 extends Omit<FingerprintAgentV3, 'get'> {
  get<TExtended extends boolean = false>(
    options?: Readonly<SegmentAwareV3GetOptions<TExtended>>,
  ): Promise<TExtended extends true ? V3.ExtendedGetResult : V3.GetResult>
}

/** The v4 agent returned by `withSegment`: the same agent, whose `get()` also sends the Segment payload. */
export interface SegmentAwareAgentV4 extends Omit<FingerprintAgentV4, 'get'> {
  get(options?: Readonly<SegmentAwareV4GetOptions>): Promise<V4.GetResult>
}
