/** An error as one line of a log or an answer: its message, or the value itself. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
