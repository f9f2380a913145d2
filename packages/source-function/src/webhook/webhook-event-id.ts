/**
 * The event id a raw webhook body claims (v4 `event_id`, v3 `requestId`), or `undefined` when it is
 * not JSON or has no such string. For logs and displays of webhooks that may be refused: nothing
 * is checked, and the id is not bounded (print it with `printableEventId`).
 */
export function readWebhookEventId(rawBody: string): string | undefined {
  let body: unknown
  try {
    body = JSON.parse(rawBody)
  } catch {
    return undefined
  }
  if (typeof body !== 'object' || body === null) return undefined
  const { event_id: eventId, requestId } = body as { event_id?: unknown; requestId?: unknown }
  const id = typeof eventId === 'string' ? eventId : requestId
  return typeof id === 'string' && id !== '' ? id : undefined
}
