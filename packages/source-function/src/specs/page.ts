import { urlParts } from '../event-context'
import { compact, mergeObjects } from '../json'
import type { PagePayload } from '../segment-call'
import type { BrowserDetails } from '../webhook/fingerprint-event'
import { callBase, type CallInput } from './call-input'
import { readObjectField, readSpec, readTextField } from './spec-fields'

/** The Page properties taken from the identification (the customer's are merged on top). */
type PageProperties = {
  url?: string
  path?: string
  search?: string
  referrer?: string
  name?: string
  category?: string
}

/** The predecessor's Page context fields (the customer's context is merged on top). */
type PageCallContext = {
  browserDetails?: BrowserDetails
  incognito?: boolean
  confidenceScore?: number
  requestId: string
}

/**
 * Page: `properties.url` (with `path`, `search`, `referrer`) from the identification, the
 * predecessor's context fields (`ip`, `browserDetails`, `incognito`, `confidenceScore`,
 * `requestId`), and the customer's `properties`/`context` merged on top.
 */
export function buildPageCall(spec: unknown, input: CallInput): PagePayload {
  const path = `${input.path}.page`
  const fields = readSpec(spec, path)
  const name = readTextField(fields, 'name', path)
  const category = readTextField(fields, 'category', path)
  const { event } = input
  const parts = event.url ? urlParts(event.url) : undefined
  const properties = mergeObjects(
    compact<PageProperties>({
      url: event.url,
      path: parts?.path,
      search: parts?.search,
      referrer: event.referrer,
      name,
      category,
    }) ?? {},
    readObjectField(fields, 'properties', path),
  )
  const pageContext = compact<PageCallContext>({
    browserDetails: event.browser && { ...event.browser },
    incognito: event.signals.incognito,
    confidenceScore: event.confidence,
    requestId: event.requestId,
  })
  const context = mergeObjects(pageContext, readObjectField(fields, 'context', path))
  const payload: PagePayload = { ...callBase(input, 'page', context), properties }
  if (name !== undefined) payload.name = name
  if (category !== undefined) payload.category = category
  return payload
}
