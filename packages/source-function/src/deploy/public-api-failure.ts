/**
 * A Public API request that did not succeed, and the sentence that says why and what to do. The
 * token is never part of it: messages are made from the method, the path, the status and Segment's
 * own `errors[].message`.
 */
import type { PublicApiRequestError } from './public-api-types'

/**
 * The access a token needs, in Segment's words. Public API tokens are made by a Workspace Owner
 * (Settings > Workspace settings > Access Management > Tokens) with Workspace Owner or Workspace
 * Member access; for a member, "Functions Admin: create, edit, and delete all functions" and
 * "additional Source Admin permissions to ... deploy changes to existing functions" (segment-docs,
 * Functions permissions).
 */
export const tokenAccess = {
  owner: 'Workspace Owner',
  functions: 'Functions Admin',
  deploy: 'Source Admin',
} as const

/** Where Segment makes Public API tokens. */
export const tokenSettingsPath = 'Settings > Workspace settings > Access Management > Tokens'

/** The one place the token is read from. */
export const tokenVariable = 'SEGMENT_PUBLIC_API_TOKEN'

/** One request as messages name it: `PATCH /functions/sfnc_123`. */
export interface RequestLine {
  readonly method: string
  readonly path: string
}

export interface PublicApiFailureDetails {
  readonly request: RequestLine
  /** The status answered; `undefined` when no answer came. */
  readonly status: number | undefined
  /** Segment's `errors` (empty when the answer had none). */
  readonly errors: readonly PublicApiRequestError[]
  /** Why no answer came, or why it was not retried. */
  readonly detail: string | undefined
  /** What a 404 means for this request. */
  readonly notFound: string | undefined
  /** The API base URL, e.g. `https://api.segmentapis.com`. */
  readonly baseUrl: string
}

export class PublicApiFailure extends Error {
  override readonly name = 'PublicApiFailure'
  readonly status: number | undefined
  readonly request: RequestLine
  constructor(details: PublicApiFailureDetails) {
    super(describeFailure(details))
    this.status = details.status
    this.request = details.request
  }
}

/** Segment's messages, `field: message` when it names a field. */
function segmentMessages(errors: readonly PublicApiRequestError[]): string {
  const messages = errors.flatMap((error) => {
    const message = error.message ?? error.type
    return message === '' ? [] : [error.field === undefined ? message : `${error.field}: ${message}`]
  })
  return messages.length === 0 ? '' : ` Segment says: ${messages.join('; ')}.`
}

function describeFailure(details: PublicApiFailureDetails): string {
  const { request, status, errors, baseUrl } = details
  const what = `${request.method} ${request.path}`
  const detail = details.detail === undefined ? '' : ` (${details.detail})`
  const said = segmentMessages(errors)
  if (status === undefined) {
    return `The Public API at ${baseUrl} could not be reached for ${what}${detail}. Check the network, --workspace-region and --api-url / SEGMENT_PUBLIC_API_URL.`
  }
  switch (status) {
    case 401:
      return `Segment did not accept the token (401 for ${what}).${said} ${tokenVariable} must hold a Public API token of a workspace in this region (${baseUrl}): a Workspace Owner makes one under ${tokenSettingsPath}; for a workspace in the EU, add --workspace-region eu.`
    case 403:
      return `The token may not do this (403 for ${what}).${said} It needs ${tokenAccess.owner} access, or Workspace Member access with the ${tokenAccess.functions} role (to create and update the function) and ${tokenAccess.deploy} (to deploy it to its sources); change it under ${tokenSettingsPath}.`
    case 404:
      return `Segment answered 404 (not found) for ${what}.${said} ${details.notFound ?? 'Check --api-url / SEGMENT_PUBLIC_API_URL.'}`
    case 422:
      return `Segment refused ${what} as invalid (422).${said === '' ? ' It gave no reason.' : said}`
    case 429:
      return `Segment rate-limited ${what} (429)${detail}.${said} Run the command again in a minute.`
    default:
      return `Segment answered ${status} for ${what}${detail}.${said}`
  }
}
