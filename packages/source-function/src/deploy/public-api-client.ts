/**
 * The few Functions endpoints of Segment's Public API that `deploy` uses, over the global fetch:
 * Bearer token, JSON in and out, answers wrapped in `{ data: ... }`, errors as `{ errors: [...] }`
 * (docs.segmentapis.com, tag Functions; the SDK's `FunctionsApi`). Rate limiting and Segment's own
 * failures are retried (`public-api-retry.ts`); anything else ends in a `PublicApiFailure` saying
 * what to do.
 */
import { parseRetryAfter } from '../lib/retry-delay'
import { packageVersion } from '../lib/package-version'
import { PublicApiFailure } from './public-api-failure'
import { defaultRetryPolicy, retryDecision, type RetryPolicy } from './public-api-retry'
import type {
  CreateFunctionBody,
  FunctionSetting,
  FunctionSettingType,
  FunctionSummary,
  PublicApiRequestError,
  SourceFunction,
  UpdateFunctionBody,
} from './public-api-types'

export interface PublicApiClientOptions {
  /**
   * Where the API answers, without a trailing slash (`publicApiBaseUrl`).
   * @example 'https://eu1.api.segmentapis.com'
   */
  readonly baseUrl: string
  /** A Public API token of the workspace: sent as `Authorization: Bearer`, never written anywhere. */
  readonly token: string
  /** @default the global fetch */
  readonly fetch?: typeof fetch
  /** Waits between attempts (tests pass one that does not wait). @default a timer */
  readonly sleep?: (ms: number) => Promise<void>
  /** The clock, for `X-RateLimit-Reset` and `Retry-After` dates. @default Date.now */
  readonly now?: () => number
  /** @default defaultRetryPolicy (5 attempts, waits of 1 to 8 s, Segment's requested waits up to 60 s) */
  readonly retryPolicy?: RetryPolicy
  /** The longest wait for one answer. @default 30000 */
  readonly timeoutMs?: number
  /** Functions asked for per page of `GET /functions` (the API takes 1 to 1000). @default 100 */
  readonly pageSize?: number
  /** Told before each wait for another attempt, so the command can say why it pauses. */
  readonly onRetry?: (notice: RetryNotice) => void
}

export interface RetryNotice {
  readonly method: string
  readonly path: string
  /** The status that is retried; `undefined` when no answer came. */
  readonly status: number | undefined
  readonly waitMs: number
  /** The attempt about to be made (2 for the first retry). */
  readonly nextAttempt: number
}

export interface PublicApiClient {
  readonly baseUrl: string
  /** Every Source Function of the workspace (`GET /functions?resourceType=SOURCE`, every page). */
  listSourceFunctions(): Promise<FunctionSummary[]>
  getFunction(functionId: string): Promise<SourceFunction>
  createFunction(body: CreateFunctionBody): Promise<SourceFunction>
  updateFunction(functionId: string, body: UpdateFunctionBody): Promise<SourceFunction>
  /** Deploys the latest version to the function's sources (`POST /functions/{functionId}/deploy`). */
  deployFunction(functionId: string): Promise<void>
}

/** Pages followed at most: 1000 pages of 100 functions is far beyond any workspace. */
const maxPages = 1000

interface ApiRequest {
  readonly method: 'GET' | 'POST' | 'PATCH'
  readonly path: string
  readonly query?: URLSearchParams
  readonly body?: unknown
  /** Whether sending it twice does no harm (everything but a creation). */
  readonly repeatable: boolean
  /** What a 404 means for it. */
  readonly notFound: string
}

export function createPublicApiClient(options: PublicApiClientOptions): PublicApiClient {
  const send = options.fetch ?? fetch
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))
  const now = options.now ?? Date.now
  const policy = options.retryPolicy ?? defaultRetryPolicy
  const timeoutMs = options.timeoutMs ?? 30_000
  const pageSize = options.pageSize ?? 100
  const { baseUrl } = options
  const headers: Record<string, string> = {
    Authorization: `Bearer ${options.token}`,
    Accept: 'application/json',
    'User-Agent': `fingerprint-segment-function/${packageVersion}`,
  }

  async function request(call: ApiRequest): Promise<Record<string, unknown>> {
    const query = call.query === undefined ? '' : `?${call.query.toString()}`
    const line = { method: call.method, path: call.path }
    const fail = (status: number | undefined, errors: readonly PublicApiRequestError[], detail?: string) =>
      new PublicApiFailure({ request: line, status, errors, detail, notFound: call.notFound, baseUrl })
    for (let attempts = 1; ; attempts++) {
      let response: Response
      let text: string
      try {
        response = await send(`${baseUrl}${call.path}${query}`, {
          method: call.method,
          headers: call.body === undefined ? headers : { ...headers, 'Content-Type': 'application/json' },
          ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        })
        text = await response.text()
      } catch (error) {
        const reason =
          error instanceof Error && error.name === 'TimeoutError'
            ? `no answer within ${timeoutMs} ms`
            : describeNetworkError(error)
        const decision = retryDecision(
          { attempts, status: undefined, requestedWaitMs: undefined, repeatable: call.repeatable },
          policy,
        )
        if (!decision.retry) throw fail(undefined, [], [reason, decision.why].filter(Boolean).join('; '))
        options.onRetry?.({ ...line, status: undefined, waitMs: decision.waitMs, nextAttempt: attempts + 1 })
        await sleep(decision.waitMs)
        continue
      }
      const json = parseJson(text)
      if (response.status >= 200 && response.status < 300) {
        const data = isRecord(json) ? json.data : undefined
        if (!isRecord(data)) throw fail(response.status, [], 'the answer has no `data` object')
        return data
      }
      const errors = readErrors(json)
      const decision = retryDecision(
        {
          attempts,
          status: response.status,
          requestedWaitMs: requestedWait(response, json, now()),
          repeatable: call.repeatable,
        },
        policy,
      )
      if (!decision.retry) {
        const redirect =
          response.status >= 300 && response.status < 400
            ? `a redirect to ${response.headers.get('location') ?? '(no location)'}, not followed`
            : undefined
        throw fail(response.status, errors, redirect ?? decision.why)
      }
      options.onRetry?.({ ...line, status: response.status, waitMs: decision.waitMs, nextAttempt: attempts + 1 })
      await sleep(decision.waitMs)
    }
  }

  const functionPath = (functionId: string): string => `/functions/${encodeURIComponent(functionId)}`
  const gone = (functionId: string): string =>
    `The function ${functionId} is not in this workspace (deleted meanwhile?); run the command again to find it by its name, or create it.`

  return {
    baseUrl,
    async listSourceFunctions() {
      const functions: FunctionSummary[] = []
      const seenCursors = new Set<string>()
      let cursor: string | undefined
      for (let page = 0; page < maxPages; page++) {
        const query = new URLSearchParams({ resourceType: 'SOURCE', 'pagination.count': String(pageSize) })
        if (cursor !== undefined) query.set('pagination.cursor', cursor)
        const data = await request({
          method: 'GET',
          path: '/functions',
          query,
          repeatable: true,
          notFound:
            'The workspace may not have Functions (the Public API needs the Functions feature enabled), or --api-url / SEGMENT_PUBLIC_API_URL is wrong.',
        })
        const items = Array.isArray(data.functions) ? (data.functions as unknown[]) : []
        for (const item of items) {
          if (isRecord(item) && typeof item.id === 'string' && typeof item.displayName === 'string') {
            functions.push({ id: item.id, displayName: item.displayName })
          }
        }
        const pagination = isRecord(data.pagination) ? data.pagination : {}
        const next = typeof pagination.next === 'string' && pagination.next !== '' ? pagination.next : undefined
        if (next === undefined || seenCursors.has(next)) return functions
        seenCursors.add(next)
        cursor = next
      }
      return functions
    },
    async getFunction(functionId) {
      const path = functionPath(functionId)
      const data = await request({ method: 'GET', path, repeatable: true, notFound: gone(functionId) })
      return readFunction(data, { method: 'GET', path }, baseUrl)
    },
    async createFunction(body) {
      const data = await request({
        method: 'POST',
        path: '/functions',
        body,
        repeatable: false,
        notFound: 'Check --api-url / SEGMENT_PUBLIC_API_URL.',
      })
      return readFunction(data, { method: 'POST', path: '/functions' }, baseUrl)
    },
    async updateFunction(functionId, body) {
      const path = functionPath(functionId)
      const data = await request({ method: 'PATCH', path, body, repeatable: true, notFound: gone(functionId) })
      return readFunction(data, { method: 'PATCH', path }, baseUrl)
    },
    async deployFunction(functionId) {
      const path = `${functionPath(functionId)}/deploy`
      const data = await request({ method: 'POST', path, repeatable: true, notFound: gone(functionId) })
      const deployment = isRecord(data.functionDeployment) ? data.functionDeployment : {}
      if (deployment.status !== 'SUCCESS') {
        throw new PublicApiFailure({
          request: { method: 'POST', path },
          status: 200,
          errors: [],
          detail: `the deployment's status is ${JSON.stringify(deployment.status ?? null)}, not "SUCCESS"`,
          notFound: undefined,
          baseUrl,
        })
      }
    },
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** `errors` of an error answer (`RequestErrorEnvelope`); messages longer than 500 characters are cut. */
function readErrors(json: unknown): PublicApiRequestError[] {
  const errors = isRecord(json) && Array.isArray(json.errors) ? (json.errors as unknown[]) : []
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' ? (value.length > 500 ? `${value.slice(0, 500)}...` : value) : undefined
  return errors.filter(isRecord).map((error) => ({
    type: text(error.type) ?? 'unknown',
    message: text(error.message),
    field: text(error.field),
  }))
}

/**
 * The wait an error answer asks for: `Retry-After`, else the documented `errors[].data.msBeforeNext`
 * of a 429, else its `X-RateLimit-Reset` date.
 */
function requestedWait(response: Response, json: unknown, now: number): number | undefined {
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'), now)
  if (retryAfter !== undefined) return retryAfter
  if (response.status !== 429) return undefined
  const errors = isRecord(json) && Array.isArray(json.errors) ? (json.errors as unknown[]) : []
  for (const error of errors) {
    const data = isRecord(error) && isRecord(error.data) ? error.data : {}
    if (typeof data.msBeforeNext === 'number' && data.msBeforeNext >= 0) return Math.ceil(data.msBeforeNext)
  }
  const reset = Date.parse(response.headers.get('x-ratelimit-reset') ?? '')
  return Number.isNaN(reset) ? undefined : Math.max(0, reset - now)
}

const settingTypes: readonly FunctionSettingType[] = ['ARRAY', 'BOOLEAN', 'STRING', 'TEXT_MAP']

/** A function object of an answer (`data.function`), as far as it can be read. */
function readFunction(
  data: Record<string, unknown>,
  request: { method: string; path: string },
  baseUrl: string,
): SourceFunction {
  const fn = data.function
  if (!isRecord(fn) || typeof fn.id !== 'string' || fn.id === '') {
    throw new PublicApiFailure({
      request,
      status: 200,
      errors: [],
      detail: 'the answer has no `data.function.id`',
      notFound: undefined,
      baseUrl,
    })
  }
  const settings = Array.isArray(fn.settings) ? (fn.settings as unknown[]) : []
  return {
    id: fn.id,
    displayName: typeof fn.displayName === 'string' ? fn.displayName : '',
    description: typeof fn.description === 'string' ? fn.description : undefined,
    code: typeof fn.code === 'string' ? fn.code : '',
    settings: settings.filter(isRecord).flatMap((setting): FunctionSetting[] =>
      typeof setting.name !== 'string'
        ? []
        : [
            {
              name: setting.name,
              label: typeof setting.label === 'string' ? setting.label : '',
              description: typeof setting.description === 'string' ? setting.description : '',
              // A type this package does not know is kept as Segment wrote it, so it shows as a change.
              type: settingTypes.find((type) => type === setting.type) ?? (String(setting.type) as FunctionSettingType),
              required: setting.required === true,
              sensitive: setting.sensitive === true,
            },
          ],
    ),
    catalogId: typeof fn.catalogId === 'string' ? fn.catalogId : undefined,
    deployedAt: typeof fn.deployedAt === 'string' ? fn.deployedAt : undefined,
    isLatestVersion: typeof fn.isLatestVersion === 'boolean' ? fn.isLatestVersion : undefined,
  }
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const cause = (error as { cause?: unknown }).cause
  const code = typeof cause === 'object' && cause !== null ? (cause as { code?: unknown }).code : undefined
  return typeof code === 'string' ? `${error.message}: ${code}` : error.message
}
