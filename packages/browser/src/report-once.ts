import type { ErrorHandler, FailureKind } from './options'

/** Reports a failure to `onError` the first time its kind occurs; never throws. */
export type Reporter = (error: unknown, kind: FailureKind) => undefined

/** A reporter calling `onError` once per failure kind, swallowing whatever `onError` throws. */
export function reportOnce(onError: ErrorHandler | undefined): Reporter {
  const reported: Partial<Record<FailureKind, true>> = {}
  return (error, kind) => {
    if (onError && !reported[kind]) {
      reported[kind] = true
      try {
        onError(error, kind)
      } catch {
        // A broken error handler must not break the page's analytics.
      }
    }
  }
}
