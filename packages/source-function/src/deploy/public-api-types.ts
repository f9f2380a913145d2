/**
 * The parts of Segment's Public API (https://docs.segmentapis.com/tag/Functions) this package sends
 * and reads, as JSON. Written from the documentation and the models of the official SDK
 * (`@segment/public-api-sdk-typescript`: `FunctionSettingV1`, `FunctionV1`, `CreateFunctionV1Input`,
 * `UpdateFunctionV1Input`, `ListFunctionItemV1`, `PaginationOutput`, `RequestError`); the SDK itself
 * is not a dependency (the test stand-in checks its bodies against those models).
 */

/** `FunctionSettingV1.type`. The Source Function declares `STRING` and `BOOLEAN` settings only. */
export type FunctionSettingType = 'ARRAY' | 'BOOLEAN' | 'STRING' | 'TEXT_MAP'

/** One setting declared on a function (`FunctionSettingV1`): what the editor's Settings tab shows. */
export interface FunctionSetting {
  /** The Name: the function reads `settings.<name>`. */
  readonly name: string
  /** The Label a person sees (and would type in the Settings tab to make `name`). */
  readonly label: string
  readonly description: string
  readonly type: FunctionSettingType
  readonly required: boolean
  /** The Settings tab's "Encrypted". */
  readonly sensitive: boolean
}

/** A Source Function as `GET /functions/{functionId}` answers it (`FunctionV1`), the fields used here. */
export interface SourceFunction {
  readonly id: string
  readonly displayName: string
  readonly description: string | undefined
  readonly code: string
  readonly settings: readonly FunctionSetting[]
  /** The id under which the function appears in the workspace's catalog. */
  readonly catalogId: string | undefined
  /** When its latest deployment happened; `undefined` (or `null` from Segment) when never deployed. */
  readonly deployedAt: string | undefined
  /** "Whether the deployment of this Function is the latest version": `false` when the latest version is not deployed. */
  readonly isLatestVersion: boolean | undefined
}

/** A function in `GET /functions` (`ListFunctionItemV1`): no code, no settings. */
export interface FunctionSummary {
  readonly id: string
  readonly displayName: string
}

/** The body of `POST /functions` (`CreateFunctionV1Input`). */
export interface CreateFunctionBody {
  readonly resourceType: 'SOURCE'
  readonly displayName: string
  readonly description: string
  readonly code: string
  readonly settings: readonly FunctionSetting[]
}

/** The body of `PATCH /functions/{functionId}` (`UpdateFunctionV1Input`): only what changes. */
export interface UpdateFunctionBody {
  readonly code?: string
  readonly description?: string
  readonly settings?: readonly FunctionSetting[]
}

/** One entry of an error answer's `errors` (`RequestError`). */
export interface PublicApiRequestError {
  readonly type: string
  readonly message: string | undefined
  /** The input field at fault (422). */
  readonly field: string | undefined
}
