import type { IdentityProof } from './options'
import type { Reporter } from './report-once'
import { waitAtMost } from './timeout'

/**
 * The identity proof to send: `proof` itself, or what the function returns, awaited at most
 * `timeout` ms. A function that throws is reported as `'payload'`, one that does not answer in time
 * as `'timeout'`; then, as for anything but a non-empty string, there is no proof (`undefined`).
 * Never rejects.
 */
export const readIdentityProof = (
  proof: IdentityProof | undefined,
  timeout: number,
  report: Reporter,
): Promise<string | undefined> =>
  waitAtMost((async () => (typeof proof == 'function' ? proof() : proof))(), timeout, 'identityProof', report).then(
    (value) => (typeof value == 'string' && value) || undefined,
    (error: unknown) => report(error, 'payload'),
  )
