import { utf8Bytes } from '../lib/utf8'
import { WebhookSignatureError } from '../segment/errors'
import { hmacSha256, toHex } from '../lib/sha256'
import { constantTimeEqual } from './constant-time'

/** The header Fingerprint signs webhooks with. */
export const signatureHeaderName = 'FPJS-Event-Signature'

/** The only signature version Fingerprint defines: lowercase hex HMAC-SHA256 of the raw body. */
const supportedVersion = 'v1'

/** More items than any rotation needs; bounds the work a hostile header can cause. */
const maxSignatureItems = 16

/** One `<version>=<value>` item of the signature header. */
export interface SignatureItem {
  version: string
  value: string
}

/**
 * Reads `FPJS-Event-Signature`: comma-separated `<version>=<value>` items. Spaces around items,
 * versions and values are tolerated; items without `=` are ignored; versions are lowercased.
 */
export function parseSignatureHeader(header: string): SignatureItem[] {
  const items: SignatureItem[] = []
  for (const part of header.split(',')) {
    const separator = part.indexOf('=')
    if (separator <= 0) continue
    const version = part.slice(0, separator).trim().toLowerCase()
    const value = part.slice(separator + 1).trim()
    if (version !== '' && value !== '') items.push({ version, value })
  }
  return items
}

/**
 * Computes the `v1` signature of a raw body: lowercase hex HMAC-SHA256 over its UTF-8 bytes. Hosts
 * with a native crypto API (the Node receiver) pass a faster one than the default.
 */
export type WebhookSigner = (rawBody: string, secret: string) => string

/** The `v1` signature in pure TypeScript (the pasteable bundle relies on no crypto API). */
export const hmacSha256Hex: WebhookSigner = (rawBody, secret) =>
  toHex(hmacSha256(utf8Bytes(secret), utf8Bytes(rawBody)))

/**
 * The `FPJS-Event-Signature` header value Fingerprint sends with a raw body: `v1=<hex HMAC-SHA256>`.
 * For tests, stand-ins and anything that sends webhooks the way Fingerprint does.
 */
export function signWebhookBody(rawBody: string, secret: string): string {
  return `${supportedVersion}=${hmacSha256Hex(rawBody, secret)}`
}

/**
 * True when one `v1` item of the header matches the HMAC of `rawBody` with one of `secrets`.
 * Items of unknown versions are skipped (a future version does not break old functions);
 * every comparison takes the same time wherever the values differ.
 */
export function isValidWebhookSignature(
  rawBody: string,
  header: string,
  secrets: readonly string[],
  sign: WebhookSigner = hmacSha256Hex,
): boolean {
  const candidates = parseSignatureHeader(header)
    .filter((item) => item.version === supportedVersion)
    .slice(0, maxSignatureItems)
    .map((item) => item.value.toLowerCase())
  if (candidates.length === 0 || secrets.length === 0) return false
  let matched = false
  for (const secret of secrets) {
    const expected = sign(rawBody, secret)
    // No early exit: every candidate is compared against every secret.
    for (const candidate of candidates) matched = constantTimeEqual(candidate, expected) || matched
  }
  return matched
}

/**
 * Rejects a webhook whose `FPJS-Event-Signature` is missing or matches none of `secrets`.
 *
 * @throws WebhookSignatureError (a ValidationError) saying what is wrong (never which secret or which bytes).
 */
export function assertValidWebhookSignature(
  rawBody: string,
  header: string | null | undefined,
  secrets: readonly string[],
  sign: WebhookSigner = hmacSha256Hex,
): void {
  if (header === null || header === undefined || header.trim() === '') {
    throw new WebhookSignatureError(
      `The webhook has no ${signatureHeaderName} header, but the webhookSecret setting requires signed webhooks.`,
    )
  }
  const items = parseSignatureHeader(header)
  if (!items.some((item) => item.version === supportedVersion)) {
    throw new WebhookSignatureError(`The ${signatureHeaderName} header has no ${supportedVersion}=<hex> signature.`)
  }
  if (!isValidWebhookSignature(rawBody, header, secrets, sign)) {
    throw new WebhookSignatureError(
      `The ${signatureHeaderName} signature does not match the body with any configured webhookSecret (wrong secret, or the body was altered).`,
    )
  }
}
