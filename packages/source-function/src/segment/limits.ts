/**
 * Segment's limits, each written once: the Source Function, the receiver, the test kit's sandbox
 * and stand-ins, and the demo all read them here. Where Segment's docs say "KB" without saying
 * which, the stricter reading is taken (1,000 bytes), so nothing sent is ever refused for size.
 */
export const segmentLimits = {
  /** The body a Source Function is handed: 512 KiB. */
  functionBodyBytes: 512 * 1024,
  /** How long a Source Function may run: 5 s. */
  functionRunMs: 5000,
  /** What the Functions tester shows of a function's console output: 4 KB. */
  functionConsoleBytes: 4000,
  /** One call at the Tracking API: 32 KB. */
  eventBytes: 32_000,
  /** One batch request at the Tracking API: 500 KB. */
  batchBytes: 500_000,
  /** A call's `messageId`: 100 characters. */
  messageIdLength: 100,
} as const
