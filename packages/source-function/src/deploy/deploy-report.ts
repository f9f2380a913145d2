/**
 * How `deploy` words a plan, what a dry run would send, and a refusal: plain text, one line each.
 * Pure; the runner prints.
 */
import { codeFingerprint, describeCode } from './code-fingerprint'
import type { DeployPlan, FunctionChanges } from './deploy-plan'
import type { FunctionSetting } from './public-api-types'
import type { RemovedSetting, SettingsDiff } from './settings-diff'

const describeSetting = (setting: FunctionSetting): string =>
  `${setting.name}  ${setting.type}${setting.sensitive ? '  Encrypted' : ''}  Label "${setting.label}"`

function removal(removed: RemovedSetting): string {
  return removed.renamedTo === undefined
    ? `${removed.setting.name}: no longer read`
    : `${removed.setting.name}: renamed to ${removed.renamedTo.name} (Label "${removed.renamedTo.label}")`
}

function settingsLines(diff: SettingsDiff): string[] {
  return [
    ...diff.added.map((setting) => `    + ${describeSetting(setting)}`),
    ...diff.changed.map((change) => `    ~ ${change.name}: ${change.fields.join(', ')} changed`),
    ...diff.removed.map((removed) => `    - ${removal(removed)}`),
  ]
}

function changeLines(changes: FunctionChanges): string[] {
  const lines: string[] = []
  if (changes.code !== undefined) {
    lines.push(`  code: ${describeCode(changes.code.from)}`, `     -> ${describeCode(changes.code.to)}`)
  }
  if (changes.description) lines.push('  description: changed')
  const settings = settingsLines(changes.settings)
  if (settings.length > 0) lines.push('  settings:', ...settings)
  if (!changes.latestVersionDeployed) {
    lines.push("  deployment: Segment says the latest version is not deployed to the function's sources yet")
  }
  return lines
}

/** What the plan will do, before anything is sent. */
export function describePlan(plan: DeployPlan, displayName: string): string[] {
  switch (plan.kind) {
    case 'create': {
      const encrypted = plan.body.settings.filter((setting) => setting.sensitive).length
      return [
        `Function "${displayName}": not in this workspace yet; creating it.`,
        `  code: ${describeCode(plan.code)}`,
        `  settings: ${plan.body.settings.length} declared (${encrypted} Encrypted):`,
        ...plan.body.settings.map((setting) => `    + ${describeSetting(setting)}`),
      ]
    }
    case 'update':
      return [`Function "${displayName}" (${plan.functionId}): updating.`, ...changeLines(plan.changes)]
    case 'needs-prune':
      return [`Function "${displayName}" (${plan.functionId}): this version differs.`, ...changeLines(plan.changes)]
    case 'up-to-date':
      return [
        `Function "${displayName}" (${plan.functionId}): up to date (code ${describeCode(plan.code)}; settings as declared; latest version deployed). Nothing sent.`,
      ]
  }
}

/** A request body as the dry run prints it: the code stands as its length and hash. */
function bodyText(body: object): string[] {
  const shown =
    'code' in body && typeof body.code === 'string'
      ? { ...body, code: `<${describeCode(codeFingerprint(body.code))}>` }
      : body
  return JSON.stringify(shown, null, 2)
    .split('\n')
    .map((line) => `  ${line}`)
}

/** Every write the plan would send, with its body. */
export function describeWrites(plan: DeployPlan): string[] {
  switch (plan.kind) {
    case 'create':
      return ['POST /functions', ...bodyText(plan.body), 'POST /functions/<the id Segment gives it>/deploy']
    case 'update':
      return [
        ...(plan.patch === undefined ? [] : [`PATCH /functions/${plan.functionId}`, ...bodyText(plan.patch)]),
        `POST /functions/${plan.functionId}/deploy`,
      ]
    case 'needs-prune':
    case 'up-to-date':
      return []
  }
}

/** Why the plan needs `--prune`, and how to go on. */
export function describePruneRefusal(removed: readonly RemovedSetting[], rerunCommand: string): string[] {
  const renamed = removed.filter((entry) => entry.renamedTo !== undefined)
  return [
    'Not deployed: the function declares settings this version does not read:',
    ...removed.map((entry) => `  - ${removal(entry)}`),
    "Removing a setting drops the value each of the function's sources holds for it. The Public API documents no way to read",
    'which sources hold a value for a setting, so this command cannot check: look at the settings of each source of this function.',
    `Nothing was sent. To remove them, run: ${rerunCommand} --prune`,
    ...(renamed.length === 0
      ? []
      : [
          `Then enter each source's value again under the new Name: ${renamed
            .map((entry) => `${entry.setting.name} -> ${entry.renamedTo?.name ?? ''}`)
            .join(', ')}.`,
        ]),
  ]
}
