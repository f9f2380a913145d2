/** The Segment calls this package emits, in the order one webhook emits them. */
export const segmentCallTypes = ['identify', 'page', 'track', 'group', 'screen'] as const

/** One of `segmentCallTypes`. */
export type SegmentCallType = (typeof segmentCallTypes)[number]
