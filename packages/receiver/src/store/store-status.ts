import type { QueueStats } from './call-store'
import { openCallStore } from './open-call-store'

/** A dead letter as `fingerprint-segment status` prints it. */
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

/** Opens the store at `location`, reads its status, closes it. */
export async function readStoreStatus(location: string, deadLetterLimit = 20): Promise<StoreStatus> {
  const store = await openCallStore(location)
  try {
    const stats = await store.stats()
    const deadLetters = await store.deadLetters(deadLetterLimit)
    return {
      store: store.description,
      ...stats,
      newestDeadLetters: deadLetters.map((letter) => ({
        messageId: letter.messageId,
        eventId: letter.eventId,
        type: letter.type,
        reason: letter.reason,
        storedAt: new Date(letter.storedAt).toISOString(),
        failedAt: new Date(letter.failedAt).toISOString(),
        attempts: letter.attempts,
      })),
    }
  } finally {
    await store.close()
  }
}
