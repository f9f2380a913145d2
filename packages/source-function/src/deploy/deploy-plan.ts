/**
 * What `deploy` must do to bring Segment in line with this version: the pure decision, from what
 * the Public API answered and what this version declares. Nothing here sends anything.
 */
import { codeFingerprint, type CodeFingerprint } from './code-fingerprint'
import type { CreateFunctionBody, FunctionSetting, SourceFunction, UpdateFunctionBody } from './public-api-types'
import { diffSettings, isEmptyDiff, type RemovedSetting, type SettingsDiff } from './settings-diff'

/** The function as this version wants it in Segment. */
export interface DesiredFunction {
  readonly displayName: string
  readonly description: string
  readonly code: string
  readonly settings: readonly FunctionSetting[]
}

/** How the function in Segment differs from the desired one. */
export interface FunctionChanges {
  /** Set when the code differs. */
  readonly code: { readonly from: CodeFingerprint; readonly to: CodeFingerprint } | undefined
  readonly description: boolean
  readonly settings: SettingsDiff
  /** False when Segment says its latest version is not the deployed one (a run stopped between update and deploy). */
  readonly latestVersionDeployed: boolean
}

export type DeployPlan =
  /** No function of that name: create it (`POST /functions`), then deploy it. */
  | { readonly kind: 'create'; readonly body: CreateFunctionBody; readonly code: CodeFingerprint }
  /**
   * Update what differs (`PATCH`, absent when only the deployment is behind), then deploy the
   * latest version to the function's sources.
   */
  | {
      readonly kind: 'update'
      readonly functionId: string
      readonly patch: UpdateFunctionBody | undefined
      readonly changes: FunctionChanges
    }
  /** Segment already holds this version, deployed: send nothing. */
  | { readonly kind: 'up-to-date'; readonly functionId: string; readonly code: CodeFingerprint }
  /** The update would remove settings the function declares; only with `--prune`. Nothing is sent. */
  | {
      readonly kind: 'needs-prune'
      readonly functionId: string
      readonly removed: readonly RemovedSetting[]
      readonly changes: FunctionChanges
    }

/**
 * Decides what to send. Pure.
 *
 * @param existing the function of that display name, as `GET /functions/{id}` answered it; `undefined` when none exists
 * @param prune whether settings the function declares and this version does not may be removed
 */
export function planDeploy(desired: DesiredFunction, existing: SourceFunction | undefined, prune: boolean): DeployPlan {
  const desiredCode = codeFingerprint(desired.code)
  if (existing === undefined) {
    return {
      kind: 'create',
      code: desiredCode,
      body: {
        resourceType: 'SOURCE',
        displayName: desired.displayName,
        description: desired.description,
        code: desired.code,
        settings: desired.settings,
      },
    }
  }
  const currentCode = codeFingerprint(existing.code)
  const settings = diffSettings(existing.settings, desired.settings)
  const changes: FunctionChanges = {
    code: currentCode.sha256 === desiredCode.sha256 ? undefined : { from: currentCode, to: desiredCode },
    description: (existing.description ?? '') !== desired.description,
    settings,
    // Absent (an older API) counts as deployed: only an explicit `false` asks for a deployment.
    latestVersionDeployed: existing.isLatestVersion !== false,
  }
  if (settings.removed.length > 0 && !prune) {
    return { kind: 'needs-prune', functionId: existing.id, removed: settings.removed, changes }
  }
  const patch: UpdateFunctionBody = {
    ...(changes.code === undefined ? {} : { code: desired.code }),
    ...(changes.description ? { description: desired.description } : {}),
    ...(isEmptyDiff(settings) ? {} : { settings: desired.settings }),
  }
  const patchNeeded = Object.keys(patch).length > 0
  if (!patchNeeded && changes.latestVersionDeployed) {
    return { kind: 'up-to-date', functionId: existing.id, code: desiredCode }
  }
  return { kind: 'update', functionId: existing.id, patch: patchNeeded ? patch : undefined, changes }
}
