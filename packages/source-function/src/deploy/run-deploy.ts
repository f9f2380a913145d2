/**
 * `deploy`: finds the Source Function by its display name, decides what differs (`planDeploy`),
 * sends it in at most two writes (create or update, then deploy) and says what happened. A run
 * that stops between the two says which step failed and the command that finishes it: the next run
 * sees the update done (Segment's `isLatestVersion` is false) and only deploys.
 */
import { planDeploy, type DeployPlan, type DesiredFunction } from './deploy-plan'
import { describePlan, describePruneRefusal, describeWrites } from './deploy-report'
import { nextSteps } from './next-steps'
import type { PublicApiClient } from './public-api-client'
import { PublicApiFailure } from './public-api-failure'
import type { SourceFunction } from './public-api-types'

export interface DeployRunOptions {
  readonly client: PublicApiClient
  readonly desired: DesiredFunction
  /** Remove settings the function declares and this version does not read. @default false */
  readonly prune?: boolean
  /** Send nothing but GET requests, and print what would be sent. @default false */
  readonly dryRun?: boolean
  /** Where the report goes, one line per call. */
  readonly print: (line: string) => void
  /** Where failures and refusals go, one line per call. @default print */
  readonly printError?: (line: string) => void
  /**
   * The command that runs this deploy again (same name, region and API URL), for "to finish" hints.
   * @example 'fingerprint-segment-function deploy --name "Fingerprint webhooks"'
   */
  readonly rerunCommand: string
}

export type DeployResult =
  | { readonly kind: 'created' | 'updated' | 'up-to-date'; readonly functionId: string }
  | { readonly kind: 'dry-run'; readonly plan: DeployPlan }
  /** Nothing was sent: the run needs something from the user first (`--prune`, a unique name). */
  | { readonly kind: 'refused' }
  /** A request failed; the lines printed say which step and how to finish. */
  | { readonly kind: 'failed' }

export async function runDeploy(options: DeployRunOptions): Promise<DeployResult> {
  const { client, desired, print } = options
  const printError = options.printError ?? print
  print(`Segment Public API: ${client.baseUrl}`)

  let existing: SourceFunction | undefined
  try {
    const named = (await client.listSourceFunctions()).filter((fn) => fn.displayName === desired.displayName)
    if (named.length > 1) {
      printError(
        `Not deployed: ${named.length} Source Functions are named "${desired.displayName}" (${named.map((fn) => fn.id).join(', ')}).`,
      )
      printError('Rename all but one in the Segment app (Connections > Catalog > Functions), or choose another --name.')
      return { kind: 'refused' }
    }
    const found = named[0]
    existing = found === undefined ? undefined : await client.getFunction(found.id)
  } catch (error) {
    return failed(options, error, 'Nothing was changed.')
  }

  const plan = planDeploy(desired, existing, options.prune === true)
  for (const line of describePlan(plan, desired.displayName)) print(line)

  if (plan.kind === 'needs-prune') {
    for (const line of describePruneRefusal(plan.removed, options.rerunCommand)) printError(line)
    return { kind: 'refused' }
  }
  if (options.dryRun === true) {
    const writes = describeWrites(plan)
    print(
      writes.length === 0
        ? 'Dry run: nothing would be sent.'
        : 'Dry run: nothing sent but GET requests. It would send:',
    )
    for (const line of writes) print(line)
    return { kind: 'dry-run', plan }
  }
  if (plan.kind === 'up-to-date') {
    finish(options)
    return { kind: 'up-to-date', functionId: plan.functionId }
  }

  let functionId: string
  if (plan.kind === 'create') {
    try {
      const created = await client.createFunction(plan.body)
      functionId = created.id
      print(
        `Created the function ${created.id}${created.catalogId === undefined ? '' : ` (catalog id ${created.catalogId})`}.`,
      )
    } catch (error) {
      const maybeCreated =
        error instanceof PublicApiFailure && (error.status === undefined || error.status >= 500)
          ? `Segment may have created the function before failing; run the same command again, it finds the function by its name: ${options.rerunCommand}`
          : 'Nothing was changed.'
      return failed(options, error, `Step 1 of 2 (create) failed. ${maybeCreated}`)
    }
  } else {
    functionId = plan.functionId
    if (plan.patch !== undefined) {
      try {
        await client.updateFunction(functionId, plan.patch)
        print(`Updated the function's ${Object.keys(plan.patch).join(', ')} (a new version).`)
      } catch (error) {
        return failed(
          options,
          error,
          `Step 1 of 2 (update) failed: the function and its sources are as they were. Run the same command again: ${options.rerunCommand}`,
        )
      }
    }
  }

  try {
    await client.deployFunction(functionId)
    print("Deployed the latest version to the function's sources.")
  } catch (error) {
    const done = plan.kind === 'create' ? 'created with this code and settings' : 'updated'
    return failed(
      options,
      error,
      `Step 2 of 2 (deploy) failed: the function ${functionId} IS ${done}, but its sources still run the version deployed before. To finish, run: ${options.rerunCommand} (it finds the update done and only deploys).`,
    )
  }
  finish(options)
  return { kind: plan.kind === 'create' ? 'created' : 'updated', functionId }
}

function finish(options: DeployRunOptions): void {
  options.print('')
  for (const line of nextSteps(options.desired.displayName)) options.print(line)
}

function failed(options: DeployRunOptions, error: unknown, consequence: string): DeployResult {
  if (!(error instanceof PublicApiFailure)) throw error
  const printError = options.printError ?? options.print
  printError(error.message)
  printError(consequence)
  return { kind: 'failed' }
}
