/**
 * The parts of Segment's Functions runtime the source function touches, as structural types
 * (see shared/reference/segment.md): the request, the settings, and the `Segment` global.
 */

/** The webhook request Segment hands to `onRequest`. `json()`/`text()` may return a value or a promise. */
export interface FunctionRequest {
  json?: () => unknown
  text?: () => string | Promise<string>
  headers?: { get(name: string): string | null }
  url?: URL | string
}

/** The function's settings, as declared in Segment's editor (read inside the handler). */
export type FunctionSettings = Readonly<Record<string, unknown>>

/** The `Segment` global's emitting methods. */
export interface SegmentEmitter {
  identify(payload: object): unknown
  page(payload: object): unknown
  track(payload: object): unknown
  group(payload: object): unknown
  screen(payload: object): unknown
}

/** Where the function writes its diagnostics (Segment keeps the last 100 lines). */
export interface FunctionLogger {
  warn(message: string): void
  info(message: string): void
}
