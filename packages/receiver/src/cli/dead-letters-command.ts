/**
 * `fingerprint-segment dead-letters list|requeue|purge`: the dead letters a filter takes, printed
 * (newest first), put back in the queue (a receiver on the store delivers them like any call), or
 * deleted. Runs beside a running receiver, on either store.
 */
import type { CallStore } from '../store/call-store'
import { deadLetterReport, type DeadLetterReport } from '../store/store-status'
import type { DeadLettersCommandOptions } from './cli-options'

/** What the command prints, as JSON. */
export type DeadLettersResult =
  | { store: string; deadLetters: DeadLetterReport[] }
  | { store: string; requeued: number }
  | { store: string; purged: number }

export async function runDeadLettersCommand(
  store: CallStore,
  options: Omit<DeadLettersCommandOptions, 'store'>,
): Promise<DeadLettersResult> {
  const { filter } = options
  switch (options.action) {
    case 'list':
      return {
        store: store.description,
        deadLetters: (await store.deadLetters(filter, options.limit)).map(deadLetterReport),
      }
    case 'requeue':
      return { store: store.description, requeued: await store.requeueDeadLetters(filter) }
    case 'purge':
      return { store: store.description, purged: await store.purgeDeadLetters(filter) }
  }
}
