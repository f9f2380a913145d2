import { describe, expect, it } from 'vitest'
import { codeFingerprint } from './code-fingerprint'
import { planDeploy, type DesiredFunction } from './deploy-plan'
import type { FunctionSetting, SourceFunction } from './public-api-types'

const setting = (name: string, extra: Partial<FunctionSetting> = {}): FunctionSetting => ({
  name,
  label: name,
  description: `about ${name}`,
  type: 'STRING',
  required: false,
  sensitive: false,
  ...extra,
})

const desired: DesiredFunction = {
  displayName: 'Fingerprint webhooks',
  description: 'version 2',
  code: 'async function onRequest() {} // v2',
  settings: [setting('webhookToken', { sensitive: true }), setting('emitRiskAssessment', { type: 'BOOLEAN' })],
}

/** The function as Segment holds it after deploying `desired`. */
const deployed: SourceFunction = {
  id: 'sfnc_1',
  displayName: desired.displayName,
  description: desired.description,
  code: desired.code,
  settings: [...desired.settings].reverse(),
  catalogId: '1',
  deployedAt: '2026-12-01T00:00:00.000Z',
  isLatestVersion: true,
}

describe('planDeploy', () => {
  it('creates a Source Function with the code and every setting when none has the name', () => {
    expect(planDeploy(desired, undefined, false)).toEqual({
      kind: 'create',
      code: codeFingerprint(desired.code),
      body: {
        resourceType: 'SOURCE',
        displayName: 'Fingerprint webhooks',
        description: 'version 2',
        code: desired.code,
        settings: desired.settings,
      },
    })
  })

  it('sends nothing when Segment holds this version, deployed (settings in another order)', () => {
    expect(planDeploy(desired, deployed, false)).toEqual({
      kind: 'up-to-date',
      functionId: 'sfnc_1',
      code: codeFingerprint(desired.code),
    })
    // An API that does not say whether the latest version is deployed is not asked to deploy again.
    expect(planDeploy(desired, { ...deployed, isLatestVersion: undefined }, false).kind).toBe('up-to-date')
  })

  it('updates only the code when only the code differs, then deploys', () => {
    const plan = planDeploy(desired, { ...deployed, code: 'old code' }, false)
    expect(plan).toMatchObject({
      kind: 'update',
      functionId: 'sfnc_1',
      patch: { code: desired.code },
      changes: {
        code: { from: codeFingerprint('old code'), to: codeFingerprint(desired.code) },
        description: false,
        latestVersionDeployed: true,
      },
    })
    expect(plan.kind === 'update' && Object.keys(plan.patch ?? {})).toEqual(['code'])
  })

  it('sends the whole settings list when one is added or changed', () => {
    const plan = planDeploy(desired, { ...deployed, settings: [setting('webhookToken')] }, false)
    expect(plan).toMatchObject({ kind: 'update', patch: { settings: desired.settings } })
    expect(plan.kind === 'update' && plan.changes.settings).toMatchObject({
      added: [{ name: 'emitRiskAssessment' }],
      changed: [{ name: 'webhookToken', fields: ['sensitive'] }],
      removed: [],
    })
  })

  it('updates a changed description', () => {
    expect(planDeploy(desired, { ...deployed, description: undefined }, false)).toMatchObject({
      kind: 'update',
      patch: { description: 'version 2' },
    })
  })

  it('only deploys when the update is done but Segment says the latest version is not deployed (an interrupted run)', () => {
    expect(planDeploy(desired, { ...deployed, isLatestVersion: false }, false)).toMatchObject({
      kind: 'update',
      patch: undefined,
      changes: { code: undefined, latestVersionDeployed: false },
    })
  })

  it('refuses to remove a setting the function declares without prune, and removes it with prune', () => {
    const existing = { ...deployed, settings: [...deployed.settings, setting('webhookTokenz')] }
    expect(planDeploy(desired, existing, false)).toMatchObject({
      kind: 'needs-prune',
      functionId: 'sfnc_1',
      removed: [{ setting: { name: 'webhookTokenz' }, renamedTo: undefined }],
    })
    expect(planDeploy(desired, existing, true)).toMatchObject({
      kind: 'update',
      patch: { settings: desired.settings },
    })
  })

  it('names the setting a removed one was renamed to', () => {
    const existing = {
      ...deployed,
      settings: [setting('webhookTokenn'), setting('emitRiskAssessment', { type: 'BOOLEAN' })],
    }
    expect(planDeploy(desired, existing, false)).toMatchObject({
      kind: 'needs-prune',
      removed: [{ setting: { name: 'webhookTokenn' }, renamedTo: { name: 'webhookToken' } }],
    })
  })
})
