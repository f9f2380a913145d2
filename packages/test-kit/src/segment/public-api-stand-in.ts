/**
 * A local stand-in for the Functions part of Segment's Public API (Segment's cloud cannot be
 * reached from tests): a node:http server on 127.0.0.1 that enforces what Segment documents, with
 * the contract taken from the official SDK (`@segment/public-api-sdk-typescript`), not from this
 * package's client, so the two cannot agree on a mistake:
 * - every body field, its type and its enum from the SDK model's `attributeTypeMap` and enums
 *   (`CreateFunctionV1Input`, `UpdateFunctionV1Input`, `FunctionSettingV1`,
 *   `RestoreFunctionVersionAlphaInput`); the required fields are the SDK declarations' non-optional
 *   ones (checked at compile time below); a field the model does not have is refused (422);
 * - `Authorization: Bearer <token>` (401 otherwise), a read-only token refused on writes (403);
 * - the request content types the API consumes (415 otherwise) and the answer types it produces
 *   (406 for an `Accept` without one of them);
 * - answers wrapped in `{ data: ... }`, errors as `{ errors: [{ type, message, field? }] }`;
 * - list endpoints need `pagination.count` (1 to 1000) and page with opaque cursors
 *   (`PaginationOutput`: current, next, previous, totalEntries);
 * - function ids (`sfnc_` + the catalog id; 404 for any other), versions (creating a function and
 *   each PATCH carrying `code` make a version; restoring one makes a new latest version),
 *   `POST /functions/{id}/deploy` (Source Functions only) putting the latest version on every
 *   connected source; `isLatestVersion` is true when the latest version is the deployed one.
 *
 * Beyond the API, it plays the Segment app's **Connect Source** (`connectSource`), which the Public
 * API does not offer, so end-to-end tests can run the code a source runs with the settings Segment
 * would hand it. `failNext` injects faults (429 as Segment documents it, 5xx, 4xx, a dropped
 * connection). Every request is recorded.
 *
 * Setting Names: the API documents none of its own rules; the stand-in refuses what the Settings
 * tab cannot make (a Name that is not letters and digits starting with a lower-case letter) and
 * duplicate Names.
 */
import { randomInt } from 'node:crypto'
import { once } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { CreateFunctionV1Input } from '@segment/public-api-sdk-typescript/dist/model/createFunctionV1Input.js'
import { FunctionSettingV1 } from '@segment/public-api-sdk-typescript/dist/model/functionSettingV1.js'
import type { FunctionV1 } from '@segment/public-api-sdk-typescript/dist/model/functionV1.js'
import { ListFunctionItemV1 } from '@segment/public-api-sdk-typescript/dist/model/listFunctionItemV1.js'
import type { PaginationInput } from '@segment/public-api-sdk-typescript/dist/model/paginationInput.js'
import type { PaginationOutput } from '@segment/public-api-sdk-typescript/dist/model/paginationOutput.js'
import type { RequestError } from '@segment/public-api-sdk-typescript/dist/model/requestError.js'
import { RestoreFunctionVersionAlphaInput } from '@segment/public-api-sdk-typescript/dist/model/restoreFunctionVersionAlphaInput.js'
import { UpdateFunctionV1Input } from '@segment/public-api-sdk-typescript/dist/model/updateFunctionV1Input.js'
import type { Version } from '@segment/public-api-sdk-typescript/dist/model/version.js'

// ---------------------------------------------------------------------------------------------
// The contract, from the SDK's models
// ---------------------------------------------------------------------------------------------

/** A model class's fields as a plain object type (the API's JSON, not an instance of the class). */
type Plain<Model> = Pick<Model, keyof Model>

/** The non-optional fields of a model class, as the SDK declares them. */
type RequiredKeys<Model> = { [Key in keyof Model]-?: object extends Pick<Model, Key> ? never : Key }[keyof Model]

/**
 * `listed`, which must name exactly the required fields of `Model`: the SDK's declarations decide,
 * and this file stops compiling when a newer SDK changes them.
 */
function requiredFieldsOf<Model>() {
  return <const Listed extends readonly RequiredKeys<Model>[]>(
    listed: Listed & ([RequiredKeys<Model>] extends [Listed[number]] ? unknown : { missing: RequiredKeys<Model> }),
  ): readonly string[] => listed as readonly string[]
}

interface AttributeType {
  readonly name: string
  readonly baseName: string
  readonly type: string
}
interface ModelContract {
  readonly model: string
  readonly attributes: readonly AttributeType[]
  readonly required: readonly string[]
  /** Required strings that must not be blank either (the docs do not say; an empty Name or code makes no function). */
  readonly nonEmpty: readonly string[]
  /** The model's namespace, where its enums are. */
  readonly enums: Readonly<Record<string, unknown>>
}

const contracts: Readonly<Record<string, ModelContract>> = {
  FunctionSettingV1: {
    model: 'FunctionSettingV1',
    attributes: FunctionSettingV1.attributeTypeMap,
    required: requiredFieldsOf<FunctionSettingV1>()(['name', 'label', 'description', 'type', 'required', 'sensitive']),
    nonEmpty: ['name', 'label'],
    enums: FunctionSettingV1 as unknown as Record<string, unknown>,
  },
  CreateFunctionV1Input: {
    model: 'CreateFunctionV1Input',
    attributes: CreateFunctionV1Input.attributeTypeMap,
    required: requiredFieldsOf<CreateFunctionV1Input>()(['code', 'displayName', 'resourceType']),
    nonEmpty: ['code', 'displayName'],
    enums: CreateFunctionV1Input as unknown as Record<string, unknown>,
  },
  UpdateFunctionV1Input: {
    model: 'UpdateFunctionV1Input',
    attributes: UpdateFunctionV1Input.attributeTypeMap,
    required: requiredFieldsOf<UpdateFunctionV1Input>()([]),
    nonEmpty: [],
    enums: UpdateFunctionV1Input as unknown as Record<string, unknown>,
  },
  RestoreFunctionVersionAlphaInput: {
    model: 'RestoreFunctionVersionAlphaInput',
    attributes: RestoreFunctionVersionAlphaInput.attributeTypeMap,
    required: requiredFieldsOf<RestoreFunctionVersionAlphaInput>()(['versionId']),
    nonEmpty: ['versionId'],
    enums: RestoreFunctionVersionAlphaInput as unknown as Record<string, unknown>,
  },
}

/** The function types `GET /functions?resourceType=` takes (the SDK's `ListFunctionItemV1.ResourceTypeEnum`). */
const functionResourceTypes = Object.keys(ListFunctionItemV1.ResourceTypeEnum)

/** The values of an enum named in an `attributeTypeMap` (`FunctionSettingV1.TypeEnum`). */
function enumValues(typeName: string): readonly string[] | undefined {
  const [modelName, enumName] = typeName.split('.')
  const namespace = modelName === undefined ? undefined : contracts[modelName]?.enums
  const values = enumName === undefined ? undefined : namespace?.[enumName]
  return typeof values === 'object' && values !== null ? Object.keys(values) : undefined
}

/** `PaginationInput`'s fields, as the list endpoints read them from the query ("As query params"). */
const paginationQuery = {
  count: 'pagination.count',
  cursor: 'pagination.cursor',
} as const satisfies Record<keyof PaginationInput, string>

/** What is wrong with a body, as Segment's 422 says it. */
interface Problem {
  readonly field: string
  readonly message: string
}

/** Checks `value` against a model of the SDK; the first problem found, or nothing. */
function checkModel(value: unknown, contract: ModelContract, path = ''): Problem | undefined {
  const at = (name: string): string => (path === '' ? name : `${path}.${name}`)
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { field: path === '' ? 'body' : path, message: `must be a ${contract.model} object` }
  }
  const record = value as Record<string, unknown>
  const known = new Set(contract.attributes.map((attribute) => attribute.baseName))
  const unknown = Object.keys(record).find((name) => !known.has(name))
  if (unknown !== undefined) return { field: at(unknown), message: `is not a field of ${contract.model}` }
  for (const attribute of contract.attributes) {
    const field = at(attribute.baseName)
    const item = record[attribute.baseName]
    if (item === undefined || item === null) {
      if (contract.required.includes(attribute.name)) return { field, message: 'is required' }
      continue
    }
    const problem = checkType(item, attribute.type, field, contract.nonEmpty.includes(attribute.name))
    if (problem !== undefined) return problem
  }
  return undefined
}

function checkType(value: unknown, type: string, field: string, nonEmpty: boolean): Problem | undefined {
  const array = /^Array<(\w+)>$/.exec(type)
  if (array?.[1] !== undefined) {
    if (!Array.isArray(value)) return { field, message: 'must be an array' }
    const itemContract = contracts[array[1]]
    if (itemContract === undefined) throw new Error(`The stand-in has no contract for ${array[1]}`)
    for (const [index, item] of (value as unknown[]).entries()) {
      const problem = checkModel(item, itemContract, `${field}[${index}]`)
      if (problem !== undefined) return problem
    }
    return undefined
  }
  const choices = type.includes('.') ? enumValues(type) : undefined
  if (choices !== undefined) {
    return typeof value === 'string' && choices.includes(value)
      ? undefined
      : { field, message: `must be one of ${choices.join(', ')}` }
  }
  if (type === 'string') {
    if (typeof value !== 'string') return { field, message: 'must be a string' }
    return nonEmpty && value.trim() === '' ? { field, message: 'must not be empty' } : undefined
  }
  if (type === 'boolean' || type === 'number') {
    return typeof value === type ? undefined : { field, message: `must be a ${type}` }
  }
  throw new Error(`The stand-in cannot check the SDK type ${type}`)
}

/** Names the Settings tab can make (lodash camelCase of a Label): letters and digits, a lower-case letter first. */
const settingNamePattern = /^[a-z][A-Za-z0-9]*$/

function checkSettings(settings: unknown): Problem | undefined {
  if (!Array.isArray(settings)) return undefined
  const seen = new Set<string>()
  for (const [index, setting] of (settings as { name: string }[]).entries()) {
    const field = `settings[${index}].name`
    if (!settingNamePattern.test(setting.name)) {
      return { field, message: 'must be letters and digits starting with a lower-case letter (camelCase)' }
    }
    if (seen.has(setting.name)) return { field, message: `repeats the setting name ${setting.name}` }
    seen.add(setting.name)
  }
  return undefined
}

// ---------------------------------------------------------------------------------------------
// State
// ---------------------------------------------------------------------------------------------

/** A setting as stored and answered (`FunctionSettingV1`, its enum as the string on the wire). */
export interface StandInSetting {
  name: string
  label: string
  description: string
  type: string
  required: boolean
  sensitive: boolean
}

interface StoredVersion {
  readonly id: string
  readonly code: string
  readonly createdAt: string
  deployedAt: string | undefined
}

interface StoredFunction {
  readonly id: string
  readonly catalogId: string
  readonly resourceType: string
  readonly createdAt: string
  displayName: string
  description: string
  logoUrl: string | undefined
  code: string
  settings: StandInSetting[]
  /** Oldest first; the last is the latest. */
  readonly versions: StoredVersion[]
  deployedVersionId: string | undefined
}

/** A source connected to a function (the Segment app's Connect Source). */
interface StoredSource {
  readonly id: string
  readonly functionId: string
  versionId: string
  /** The values a person filled in, by setting Name. */
  readonly values: Record<string, unknown>
}

/** One request as the stand-in saw it. */
export interface RecordedRequest {
  readonly method: string
  /** The path without the query, e.g. `/functions/sfnc_abc/deploy`. */
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  readonly authorization: string | undefined
  readonly contentType: string | undefined
  readonly accept: string | undefined
  /** The body as JSON, or the text when it is not JSON; `undefined` when empty. */
  readonly body: unknown
  /** The status answered; `undefined` for a dropped connection. */
  status: number | undefined
}

/** A source as the function runs for it. */
export interface ConnectedSource {
  readonly id: string
  /** The webhook URL the Segment app shows for it. */
  readonly webhookUrl: string
  /** The code of the version the source runs. */
  readonly code: string
  /** What Segment hands `onRequest` as `settings`: the filled values of settings the function declares. */
  readonly settings: Readonly<Record<string, unknown>>
}

/** How an injected fault answers. */
export type InjectedFault =
  | number
  /** The connection is dropped without an answer. */
  | 'reset'

export interface FaultOptions {
  /** 429 (and 503): a `Retry-After` header, in seconds. By default a 429 carries none, as Segment documents. */
  readonly retryAfterSeconds?: number
  /** 429: `errors[].data.msBeforeNext`, as Segment documents. @default 1000 */
  readonly msBeforeNext?: number
  /** The error message. @default one per status */
  readonly message?: string
}

export interface PublicApiStandIn {
  /** Its base URL, e.g. `http://127.0.0.1:4321`. */
  readonly url: string
  /** The token with every permission. */
  readonly token: string
  /** A token that may read but not write (403 on writes). */
  readonly readOnlyToken: string
  /** Every request, in order. */
  readonly requests: readonly RecordedRequest[]
  /** The requests that were not GETs. */
  writes(): RecordedRequest[]
  /** The next `times` requests of `method` whose path matches `path` are answered `fault` first. */
  failNext(method: string, path: string | RegExp, fault: InjectedFault, times?: number, options?: FaultOptions): void
  /** A function as `GET /functions/{id}` answers it (the code included). */
  functionJson(functionId: string): Record<string, unknown>
  /** Every function id, oldest first. */
  functionIds(): string[]
  /** Versions of a function, oldest first. */
  versions(functionId: string): readonly { id: string; code: string; deployed: boolean }[]
  /** Adds a function as if made in the editor (for scenarios that start from an existing one). */
  seedFunction(input: {
    displayName: string
    code: string
    settings: StandInSetting[]
    resourceType?: string
    deployed?: boolean
  }): string
  /** The Segment app's Connect Source: a source running the function's latest version with these values. */
  connectSource(functionId: string, values?: Record<string, unknown>): ConnectedSource
  /** A connected source as it is now (its version's code, its settings). */
  source(sourceId: string): ConnectedSource
  close(): Promise<void>
}

// ---------------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------------

const idAlphabet = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
const randomId = (length: number): string =>
  Array.from({ length }, () => idAlphabet.charAt(randomInt(idAlphabet.length))).join('')

/** The media types the Functions endpoints consume and produce (the SDK's `produces`). */
const v1Types = [
  'application/vnd.segment.v1+json',
  'application/json',
  'application/vnd.segment.v1beta+json',
  'application/vnd.segment.v1alpha+json',
]
const alphaTypes = ['application/vnd.segment.v1alpha+json', 'application/json']

const statusMessages: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  406: 'Not Acceptable',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too many requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
}

const maxBodyBytes = 5 * 1024 * 1024

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errors: readonly Plain<RequestError>[],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(errors[0]?.message ?? String(status))
  }
}

const apiError = (status: number, message: string, field?: string): ApiError =>
  new ApiError(status, [
    {
      type: status === 422 ? 'validation' : 'RequestError',
      message,
      ...(field === undefined ? {} : { field }),
      status,
    },
  ])

export async function startPublicApiStandIn(
  options: { token?: string; readOnlyToken?: string } = {},
): Promise<PublicApiStandIn> {
  const token = options.token ?? 'stand-in-public-api-token'
  const readOnlyToken = options.readOnlyToken ?? 'stand-in-read-only-token'
  const functions = new Map<string, StoredFunction>()
  const sources = new Map<string, StoredSource>()
  const requests: RecordedRequest[] = []
  const faults: {
    method: string
    path: string | RegExp
    fault: InjectedFault
    remaining: number
    options: FaultOptions
  }[] = []
  const now = (): string => new Date().toISOString()

  function storeFunction(input: {
    displayName: string
    description?: string
    logoUrl?: string
    code: string
    settings: StandInSetting[]
    resourceType: string
  }): StoredFunction {
    const catalogId = randomId(22)
    const created = now()
    const fn: StoredFunction = {
      id: `sfnc_${catalogId}`,
      catalogId,
      resourceType: input.resourceType,
      createdAt: created,
      displayName: input.displayName,
      description: input.description ?? '',
      logoUrl: input.logoUrl,
      code: input.code,
      settings: input.settings.map((setting) => ({ ...setting })),
      versions: [{ id: randomId(27), code: input.code, createdAt: created, deployedAt: undefined }],
      deployedVersionId: undefined,
    }
    functions.set(fn.id, fn)
    return fn
  }

  const latest = (fn: StoredFunction): StoredVersion => fn.versions[fn.versions.length - 1] as StoredVersion

  function deploy(fn: StoredFunction): void {
    const version = latest(fn)
    version.deployedAt = now()
    fn.deployedVersionId = version.id
    for (const source of sources.values()) if (source.functionId === fn.id) source.versionId = version.id
  }

  /** `FunctionV1`: every field the SDK declares, none it does not. */
  function functionJson(fn: StoredFunction): Record<string, unknown> {
    const deployed = fn.versions.find((version) => version.id === fn.deployedVersionId)
    return {
      id: fn.id,
      resourceType: fn.resourceType,
      createdAt: fn.createdAt,
      createdBy: 'stand-in-user',
      code: fn.code,
      deployedAt: deployed?.deployedAt ?? null,
      settings: fn.settings.map((setting) => ({ ...setting })),
      displayName: fn.displayName,
      description: fn.description,
      logoUrl: fn.logoUrl,
      previewWebhookUrl: '',
      batchMaxCount: 0,
      catalogId: fn.catalogId,
      isLatestVersion: fn.deployedVersionId === latest(fn).id,
    } satisfies { [Field in keyof FunctionV1]-?: unknown }
  }

  /** `ListFunctionItemV1`. */
  function listItemJson(fn: StoredFunction): Record<string, unknown> {
    return {
      id: fn.id,
      resourceType: fn.resourceType,
      createdAt: fn.createdAt,
      createdBy: 'stand-in-user',
      displayName: fn.displayName,
      description: fn.description,
      logoUrl: fn.logoUrl,
      catalogId: fn.catalogId,
    } satisfies { [Field in keyof ListFunctionItemV1]-?: unknown }
  }

  function versionJson(fn: StoredFunction, version: StoredVersion): Record<string, unknown> {
    return {
      id: version.id,
      author: 'stand-in-user',
      code: version.code,
      isDeployed: version.id === fn.deployedVersionId,
      createdAt: version.createdAt,
      updatedAt: version.createdAt,
      deployedAt: version.deployedAt,
    } satisfies { [Field in keyof Version]-?: unknown }
  }

  /** Reads `pagination.count` / `pagination.cursor` (`PaginationInput`) and cuts the page. */
  function page<Item>(
    items: readonly Item[],
    query: URLSearchParams,
  ): { items: Item[]; pagination: Plain<PaginationOutput> } {
    const countText = query.get(paginationQuery.count)
    if (countText === null) throw apiError(422, `${paginationQuery.count} is required`, paginationQuery.count)
    const count = Number(countText)
    if (!Number.isInteger(count) || count < 1 || count > 1000) {
      throw apiError(422, `${paginationQuery.count} must be an integer between 1 and 1000`, paginationQuery.count)
    }
    const cursorText = query.get(paginationQuery.cursor)
    let offset = 0
    if (cursorText !== null) {
      offset = Number.parseInt(Buffer.from(cursorText, 'base64').toString('utf8'), 10)
      if (!Number.isInteger(offset) || offset < 0 || Buffer.from(String(offset)).toString('base64') !== cursorText) {
        throw apiError(422, `${paginationQuery.cursor} is not one this API gave`, paginationQuery.cursor)
      }
    }
    const cursor = (at: number): string => Buffer.from(String(at)).toString('base64')
    const pagination: Plain<PaginationOutput> = { current: cursor(offset), totalEntries: items.length }
    if (offset + count < items.length) pagination.next = cursor(offset + count)
    if (offset > 0) pagination.previous = cursor(Math.max(0, offset - count))
    return { items: items.slice(offset, offset + count), pagination }
  }

  function findFunction(id: string): StoredFunction {
    const fn = functions.get(id)
    if (fn === undefined) throw apiError(404, `Function ${id} not found`)
    return fn
  }

  function checkBody(body: unknown, contract: ModelContract): void {
    const problem = checkModel(body, contract) ?? checkSettings((body as { settings?: unknown }).settings)
    if (problem !== undefined) throw apiError(422, `${problem.field} ${problem.message}`, problem.field)
  }

  /** The routes: method, path pattern, the media types produced, whether it writes, and the handler. */
  type Handler = (match: RegExpExecArray, query: URLSearchParams, body: unknown) => { status?: number; data: unknown }
  const routes: readonly {
    method: string
    path: RegExp
    produces: readonly string[]
    write: boolean
    handle: Handler
  }[] = [
    {
      method: 'GET',
      path: /^\/functions$/,
      produces: v1Types,
      write: false,
      handle: (_match, query) => {
        const resourceType = query.get('resourceType')
        if (resourceType === null) throw apiError(422, 'resourceType is required', 'resourceType')
        if (!functionResourceTypes.includes(resourceType)) {
          throw apiError(422, `resourceType must be one of ${functionResourceTypes.join(', ')}`, 'resourceType')
        }
        const matching = [...functions.values()].filter((fn) => fn.resourceType === resourceType)
        const { items, pagination } = page(matching, query)
        return { data: { functions: items.map(listItemJson), pagination } }
      },
    },
    {
      method: 'POST',
      path: /^\/functions$/,
      produces: v1Types,
      write: true,
      handle: (_match, _query, body) => {
        checkBody(body, contracts.CreateFunctionV1Input as ModelContract)
        const input = body as {
          code: string
          displayName: string
          resourceType: string
          description?: string
          logoUrl?: string
          settings?: StandInSetting[]
        }
        const fn = storeFunction({ ...input, settings: input.settings ?? [] })
        return { data: { function: functionJson(fn) } }
      },
    },
    {
      method: 'GET',
      path: /^\/functions\/([^/]+)$/,
      produces: v1Types,
      write: false,
      handle: (match) => ({ data: { function: functionJson(findFunction(match[1] ?? '')) } }),
    },
    {
      method: 'PATCH',
      path: /^\/functions\/([^/]+)$/,
      produces: v1Types,
      write: true,
      handle: (match, _query, body) => {
        const fn = findFunction(match[1] ?? '')
        checkBody(body, contracts.UpdateFunctionV1Input as ModelContract)
        const input = body as {
          code?: string
          displayName?: string
          description?: string
          logoUrl?: string
          settings?: StandInSetting[]
        }
        if (input.code !== undefined) {
          fn.code = input.code
          fn.versions.push({ id: randomId(27), code: input.code, createdAt: now(), deployedAt: undefined })
        }
        if (input.settings !== undefined) fn.settings = input.settings.map((setting) => ({ ...setting }))
        if (input.displayName !== undefined) fn.displayName = input.displayName
        if (input.description !== undefined) fn.description = input.description
        if (input.logoUrl !== undefined) fn.logoUrl = input.logoUrl
        return { data: { function: functionJson(fn) } }
      },
    },
    {
      method: 'POST',
      path: /^\/functions\/([^/]+)\/deploy$/,
      produces: v1Types,
      write: true,
      handle: (match) => {
        const fn = findFunction(match[1] ?? '')
        if (fn.resourceType !== 'SOURCE') {
          throw apiError(422, 'Deployments are only applicable to Source Function instances', 'functionId')
        }
        deploy(fn)
        return { data: { functionDeployment: { status: 'SUCCESS' } } }
      },
    },
    {
      method: 'GET',
      path: /^\/functions\/([^/]+)\/versions$/,
      produces: alphaTypes,
      write: false,
      handle: (match, query) => {
        const fn = findFunction(match[1] ?? '')
        const { items, pagination } = page([...fn.versions].reverse(), query)
        return { data: { versions: items.map((version) => versionJson(fn, version)), pagination } }
      },
    },
    {
      method: 'POST',
      path: /^\/functions\/([^/]+)\/versions$/,
      produces: alphaTypes,
      write: true,
      handle: (match, _query, body) => {
        const fn = findFunction(match[1] ?? '')
        checkBody(body, contracts.RestoreFunctionVersionAlphaInput as ModelContract)
        const { versionId } = body as { versionId: string }
        const restored = fn.versions.find((version) => version.id === versionId)
        if (restored === undefined) throw apiError(404, `Version ${versionId} not found`)
        const version: StoredVersion = {
          id: randomId(27),
          code: restored.code,
          createdAt: now(),
          deployedAt: undefined,
        }
        fn.versions.push(version)
        fn.code = restored.code
        return { data: { version: versionJson(fn, version) } }
      },
    },
  ]

  function answer(response: ServerResponse, status: number, json: unknown, headers: Record<string, string> = {}): void {
    response.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify(json))
  }

  function injectedFault(method: string, path: string): (typeof faults)[number] | undefined {
    const fault = faults.find(
      (candidate) =>
        candidate.remaining > 0 &&
        candidate.method === method &&
        (typeof candidate.path === 'string' ? candidate.path === path : candidate.path.test(path)),
    )
    if (fault !== undefined) fault.remaining--
    return fault
  }

  function faultAnswer(fault: (typeof faults)[number]): ApiError {
    const status = fault.fault as number
    const message = fault.options.message ?? statusMessages[status] ?? `status ${status}`
    const headers: Record<string, string> =
      fault.options.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(fault.options.retryAfterSeconds) }
    if (status === 429) {
      // The documented rate-limit answer (docs.segmentapis.com, Rate Limits).
      const msBeforeNext = fault.options.msBeforeNext ?? 1000
      headers['X-RateLimit-Reset'] = new Date(Date.now() + msBeforeNext).toUTCString()
      return new ApiError(
        429,
        [{ type: 'RequestError', message, data: { remainingPoints: 0, msBeforeNext, consumedPoints: 21 } }],
        headers,
      )
    }
    return new ApiError(status, [{ type: status === 422 ? 'validation' : 'RequestError', message, status }], headers)
  }

  async function readBody(request: IncomingMessage): Promise<string> {
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of request as AsyncIterable<Buffer>) {
      size += chunk.length
      if (size > maxBodyBytes) throw apiError(413, 'The body is too large')
      chunks.push(chunk)
    }
    return Buffer.concat(chunks).toString('utf8')
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://stand-in')
    const method = request.method ?? 'GET'
    let text = ''
    let body: unknown
    const recorded: RecordedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: request.headers.authorization,
      contentType: request.headers['content-type'],
      accept: request.headers.accept,
      body: undefined,
      status: undefined,
    }
    requests.push(recorded)
    try {
      text = await readBody(request)
      try {
        body = text === '' ? undefined : (JSON.parse(text) as unknown)
      } catch {
        body = text
      }
      ;(recorded as { body: unknown }).body = body
      const fault = injectedFault(method, url.pathname)
      if (fault?.fault === 'reset') {
        request.socket.destroy()
        return
      }
      if (fault !== undefined) throw faultAnswer(fault)
      const authorization = request.headers.authorization ?? ''
      const bearer = /^Bearer (.+)$/.exec(authorization)?.[1]
      if (bearer !== token && bearer !== readOnlyToken)
        throw apiError(401, 'Unauthorized: a valid Bearer token is required')
      const route = routes.find((candidate) => candidate.method === method && candidate.path.test(url.pathname))
      const match = route?.path.exec(url.pathname)
      if (route === undefined || match === null || match === undefined) {
        throw apiError(404, `No route ${method} ${url.pathname}`)
      }
      const accept = request.headers.accept
      if (
        accept !== undefined &&
        !accept.split(',').some((type) => {
          const mediaType = type.split(';')[0]?.trim() ?? ''
          return mediaType === '*/*' || route.produces.includes(mediaType)
        })
      ) {
        throw apiError(406, `Accept must allow one of ${route.produces.join(', ')}`)
      }
      if (text !== '') {
        const contentType = request.headers['content-type']?.split(';')[0]?.trim() ?? ''
        if (!route.produces.includes(contentType)) {
          throw apiError(415, `Content-Type must be one of ${route.produces.join(', ')}`)
        }
        if (typeof body === 'string') throw apiError(400, 'The body is not JSON')
      }
      if (route.write && bearer === readOnlyToken) {
        throw apiError(403, 'Forbidden: the token does not have the permissions for this action')
      }
      const { status = 200, data } = route.handle(match, url.searchParams, body)
      recorded.status = status
      answer(response, status, { data })
    } catch (error) {
      if (!(error instanceof ApiError)) throw error
      recorded.status = error.status
      answer(response, error.status, { errors: error.errors }, { ...error.headers })
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500).end(String(error))
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo

  function sourceView(source: StoredSource): ConnectedSource {
    const fn = findFunction(source.functionId)
    const version = fn.versions.find((candidate) => candidate.id === source.versionId) as StoredVersion
    const declared = new Set(fn.settings.map((setting) => setting.name))
    return {
      id: source.id,
      webhookUrl: `https://fn.segmentapis.com/?b=${Buffer.from(source.id).toString('base64url')}`,
      code: version.code,
      // Only declared settings reach the function.
      settings: Object.fromEntries(Object.entries(source.values).filter(([name]) => declared.has(name))),
    }
  }

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    readOnlyToken,
    requests,
    writes: () => requests.filter((request) => request.method !== 'GET'),
    failNext(method, path, fault, times = 1, faultOptions = {}) {
      faults.push({ method, path, fault, remaining: times, options: faultOptions })
    },
    functionJson: (functionId) => functionJson(findFunction(functionId)),
    functionIds: () => [...functions.keys()],
    versions: (functionId) => {
      const fn = findFunction(functionId)
      return fn.versions.map((version) => ({
        id: version.id,
        code: version.code,
        deployed: version.id === fn.deployedVersionId,
      }))
    },
    seedFunction(input) {
      const fn = storeFunction({ ...input, resourceType: input.resourceType ?? 'SOURCE' })
      if (input.deployed === true) deploy(fn)
      return fn.id
    },
    connectSource(functionId, values = {}) {
      const fn = findFunction(functionId)
      const declared = new Set(fn.settings.map((setting) => setting.name))
      const undeclared = Object.keys(values).filter((name) => !declared.has(name))
      // The app's source settings page only shows the declared settings.
      if (undeclared.length > 0) throw new Error(`The function declares no setting ${undeclared.join(', ')}`)
      const source: StoredSource = { id: randomId(22), functionId, versionId: latest(fn).id, values: { ...values } }
      sources.set(source.id, source)
      return sourceView(source)
    },
    source(sourceId) {
      const source = sources.get(sourceId)
      if (source === undefined) throw new Error(`No source ${sourceId}`)
      return sourceView(source)
    },
    async close() {
      server.closeAllConnections()
      server.close()
      await once(server, 'close')
    },
  }
}
