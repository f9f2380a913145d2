import type { ErrorHandler, FailureKind } from './options'

/** Reports a failure to `onError` the first time its kind occurs; never throws. */
export type Reporter = (error: unknown, kind: FailureKind) => void

/** A reporter calling `onError` once per failure kind, swallowing whatever `onError` throws. */
export function reportOnce(onError: ErrorHandler | undefined): Reporter {
  const reported = new Set<FailureKind>()
  return (error, kind) => {
    if (!onError || reported.has(kind)) return
    reported.add(kind)
    try {
      onError(error, kind)
    } catch {
      // A broken error handler must not break the page's analytics.
    }
  }
}
