import { ValidationError } from '../errors'
import { constantTimeEqual } from './constant-time'

/** The query parameter of the webhook URL that carries the token. */
export const webhookTokenParameter = 'token'

/** More token parameters than anyone sends; bounds the work a hostile URL can cause. */
const maxTokenCandidates = 8

/**
 * Rejects a webhook whose URL does not carry one of `tokens` as `token=...` in its query string
 * (after Segment's own parameters, e.g. `https://fn.segmentapis.com/?b=...&token=...`). Every
 * candidate is compared with every token in time that does not depend on where they differ.
 *
 * @throws ValidationError saying whether the token is missing or wrong (never which token is configured)
 */
export function assertValidWebhookToken(url: string | undefined, tokens: readonly string[]): void {
  let candidates: string[] = []
  try {
    candidates = new URL(url ?? '', 'https://host.invalid').searchParams.getAll(webhookTokenParameter)
  } catch {
    candidates = []
  }
  if (candidates.length === 0) {
    throw new ValidationError(
      `The webhook URL has no ${webhookTokenParameter} parameter, but the webhookToken setting requires one: add &${webhookTokenParameter}=<token> to the webhook URL in Fingerprint.`,
    )
  }
  let matched = false
  for (const candidate of candidates.slice(0, maxTokenCandidates)) {
    for (const token of tokens) matched = constantTimeEqual(candidate, token) || matched
  }
  if (!matched) {
    throw new ValidationError(`The webhook URL's ${webhookTokenParameter} matches no configured webhookToken.`)
  }
}
