import { WebhookAuthenticationError } from '../segment/errors'
import { constantTimeEqual } from './constant-time'

/** The query parameter of the webhook URL that carries the token. */
export const webhookTokenParameter = 'token'

/**
 * Rejects a webhook whose URL does not carry exactly one `token=...` parameter equal to one of
 * `tokens` (after Segment's own parameters, e.g. `https://fn.segmentapis.com/?b=...&token=...`).
 * One guess per webhook: a URL with several `token` parameters is refused unread. The token is
 * compared with every configured one in time that does not depend on where they differ.
 *
 * @throws WebhookAuthenticationError saying whether the token is missing, repeated or wrong (never
 *   which token is configured)
 */
export function assertValidWebhookToken(url: string | undefined, tokens: readonly string[]): void {
  let candidates: string[] = []
  try {
    candidates = new URL(url ?? '', 'https://host.invalid').searchParams.getAll(webhookTokenParameter)
  } catch {
    candidates = []
  }
  if (candidates.length === 0) {
    throw new WebhookAuthenticationError(
      `The webhook URL has no ${webhookTokenParameter} parameter, but the webhookToken setting requires one: add &${webhookTokenParameter}=<token> to the webhook URL in Fingerprint.`,
    )
  }
  if (candidates.length > 1) {
    throw new WebhookAuthenticationError(
      `The webhook URL has ${candidates.length} ${webhookTokenParameter} parameters; it must have exactly one.`,
    )
  }
  const candidate = candidates[0] ?? ''
  let matched = false
  for (const token of tokens) matched = constantTimeEqual(candidate, token) || matched
  if (!matched) {
    throw new WebhookAuthenticationError(
      `The webhook URL's ${webhookTokenParameter} matches no configured webhookToken.`,
    )
  }
}
