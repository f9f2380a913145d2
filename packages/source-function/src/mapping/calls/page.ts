import { mergeInto, type JsonObject, type WithUndefined } from '../../lib/json'
import type { PagePayload } from '../segment-call'
import {
  callBase,
  withCallFields,
  readCustomerIntegrations,
  readCustomerObject,
  type CallInput,
  type OwnContext,
} from './call-input'
import { readSpec, readTextField } from './spec-fields'

/** The Page properties taken from the identification (the customer's are merged on top). */
type PageProperties = {
  url?: string
  path?: string
  search?: string
  referrer?: string
  name?: string
  category?: string
}

/**
 * The predecessor's Page context fields (the customer's context is merged on top), set one by one
 * by name: the fastest way to add members to a context.
 */
const setPageContext: OwnContext = (context, event) => {
  context.browserDetails = event.browser
  context.incognito = event.signals.incognito
  context.confidenceScore = event.confidence
  context.requestId = event.requestId
}

/**
 * Page: `properties.url` (with `path`, `search`, `referrer`) from the identification, the
 * predecessor's context fields (`ip`, `browserDetails`, `incognito`, `confidenceScore`,
 * `requestId`), and the customer's `properties`/`context` merged on top; its `integrations`.
 */
export function buildPageCall(spec: unknown, input: CallInput): PagePayload {
  const path = `${input.path}.page`
  const fields = readSpec(spec, path)
  const name = readTextField(fields, 'name', path)
  const category = readTextField(fields, 'category', path)
  const { event, urlParts: parts } = input
  // Object literals (absent members undefined, left out of JSON): fast to build, see `compact`.
  const properties: WithUndefined<PageProperties> & JsonObject = {
    url: event.url,
    path: parts?.path,
    search: parts?.search,
    referrer: event.referrer,
    name,
    category,
  }
  const customerProperties = readCustomerObject(input, fields, 'page', 'properties', 'properties')
  if (customerProperties !== undefined) mergeInto(properties, customerProperties)
  const context = readCustomerObject(input, fields, 'page', 'context', 'context')
  const integrations = readCustomerIntegrations(input, fields, 'page')
  const base = callBase(input, 'page', context, integrations, setPageContext)
  const payload: PagePayload = withCallFields(base, { properties })
  if (name !== undefined) payload.name = name
  if (category !== undefined) payload.category = category
  return payload
}
