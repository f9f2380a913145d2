import type { DeadLetter, QueueStats } from './call-store'
import { openCallStore } from './open-call-store'

/** A dead letter as the commands print it (`status`, `dead-letters list`). */
export interface DeadLetterReport {
  messageId: string
  eventId: string
  type: string
  reason: string
  /** ISO-8601 times. */
  storedAt: string
  failedAt: string
  attempts: number
}

/** What `fingerprint-segment status` prints: the numbers `/health` reports, and the newest dead letters. */
export interface StoreStatus extends QueueStats {
  /** The store, its password hidden. */
  store: string
  newestDeadLetters: DeadLetterReport[]
}

/** A dead letter with its times written out. */
export function deadLetterReport(letter: DeadLetter): DeadLetterReport {
  return {
    messageId: letter.messageId,
    eventId: letter.eventId,
    type: letter.type,
    reason: letter.reason,
    storedAt: new Date(letter.storedAt).toISOString(),
    failedAt: new Date(letter.failedAt).toISOString(),
    attempts: letter.attempts,
  }
}

/** Opens the store at `location` (beside a running receiver), reads its status, closes it. */
export async function readStoreStatus(location: string, deadLetterLimit = 20): Promise<StoreStatus> {
  const store = await openCallStore(location)
  try {
    const stats = await store.stats()
    const deadLetters = await store.deadLetters({}, deadLetterLimit)
    return { store: store.description, ...stats, newestDeadLetters: deadLetters.map(deadLetterReport) }
  } finally {
    await store.close()
  }
}
