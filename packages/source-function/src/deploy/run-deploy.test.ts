/**
 * `deploy` against the Public API stand-in: first deploy, a repeat, an upgrade, a renamed setting,
 * each error answer, an interrupted run resumed, a dry run.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startPublicApiStandIn, type PublicApiStandIn } from '@fingerprint-segment/test-kit'
import { desiredFunction } from './desired-function'
import { functionSettings } from './function-settings'
import { createPublicApiClient } from './public-api-client'
import type { FunctionSetting } from './public-api-types'
import { runDeploy, type DeployRunOptions } from './run-deploy'

let api: PublicApiStandIn
beforeEach(async () => {
  api = await startPublicApiStandIn()
})
afterEach(async () => {
  await api.close()
})

const rerunCommand = 'fingerprint-segment-function deploy'
const codeV1 = 'async function onRequest(request, settings) { /* v1 */ }'
const codeV2 = 'async function onRequest(request, settings) { /* v2 */ }'

interface Run {
  result: Awaited<ReturnType<typeof runDeploy>>
  out: string
  err: string
  /** The writes this run sent, as `METHOD path`. */
  writes: string[]
  waits: number[]
}

async function deploy(options: Partial<DeployRunOptions> & { token?: string } = {}): Promise<Run> {
  const out: string[] = []
  const err: string[] = []
  const waits: number[] = []
  const before = api.requests.length
  const result = await runDeploy({
    client: createPublicApiClient({
      baseUrl: api.url,
      token: options.token ?? api.token,
      sleep: (ms) => {
        waits.push(ms)
        return Promise.resolve()
      },
    }),
    desired: desiredFunction(codeV1),
    print: (line) => out.push(line),
    printError: (line) => err.push(line),
    rerunCommand,
    ...options,
  })
  const writes = api.requests
    .slice(before)
    .filter((request) => request.method !== 'GET')
    .map((request) => `${request.method} ${request.path}`)
  return { result, out: out.join('\n'), err: err.join('\n'), writes, waits }
}

const onlyFunction = (): string => {
  const [id, ...others] = api.functionIds()
  expect(others).toEqual([])
  return id ?? ''
}

describe('deploy: first run and repeat', () => {
  it('creates the function with the code and every setting, deploys it, and prints the next steps', async () => {
    const run = await deploy()
    const id = onlyFunction()
    expect(run.result).toEqual({ kind: 'created', functionId: id })
    expect(run.writes).toEqual(['POST /functions', `POST /functions/${id}/deploy`])
    expect(api.functionJson(id)).toMatchObject({
      resourceType: 'SOURCE',
      displayName: 'Fingerprint webhooks',
      code: codeV1,
      settings: functionSettings,
      isLatestVersion: true,
    })
    expect(run.out).toContain('Function "Fingerprint webhooks": not in this workspace yet; creating it.')
    expect(run.out).toContain(`Created the function ${id}`)
    expect(run.out).toContain("Deployed the latest version to the function's sources.")
    expect(run.out).toContain('"Webhook Token" (webhookToken)')
    expect(run.out).toContain(
      'https://fn.segmentapis.com/?b=<the id Segment gives the source>&token=<your webhookToken>',
    )
    expect(run.out).toMatch(/refuses every webhook that would emit calls/)
    expect(run.err).toBe('')
  })

  it('changes nothing the second time and says so (GETs only)', async () => {
    await deploy()
    const second = await deploy()
    expect(second.result).toEqual({ kind: 'up-to-date', functionId: onlyFunction() })
    expect(second.writes).toEqual([])
    expect(second.out).toMatch(
      /: up to date \(code .* sha256 [0-9a-f]{64}; settings as declared; latest version deployed\)\. Nothing sent\./,
    )
    expect(api.versions(onlyFunction())).toHaveLength(1)
  })

  it('finds the function by the name it is given', async () => {
    await deploy({ desired: desiredFunction(codeV1, 'Fingerprint (staging)') })
    await deploy()
    expect(api.functionIds()).toHaveLength(2)
    const again = await deploy({ desired: desiredFunction(codeV1, 'Fingerprint (staging)') })
    expect(again.result.kind).toBe('up-to-date')
  })
})

describe('deploy: upgrades', () => {
  it('updates the code and adds a new setting in one PATCH, then deploys to the connected sources', async () => {
    const withoutLast: FunctionSetting[] = functionSettings.slice(0, -1)
    const added = functionSettings.at(-1) as FunctionSetting
    await deploy({ desired: { ...desiredFunction(codeV1), settings: withoutLast } })
    const id = onlyFunction()
    const source = api.connectSource(id, { webhookToken: 'tok' })
    const upgrade = await deploy({ desired: desiredFunction(codeV2) })
    expect(upgrade.result).toEqual({ kind: 'updated', functionId: id })
    expect(upgrade.writes).toEqual([`PATCH /functions/${id}`, `POST /functions/${id}/deploy`])
    const patch = api.requests.find((request) => request.method === 'PATCH')
    expect(Object.keys(patch?.body as object).sort()).toEqual(['code', 'settings'])
    expect(api.functionJson(id)).toMatchObject({ code: codeV2, settings: functionSettings, isLatestVersion: true })
    expect(api.source(source.id)).toMatchObject({ code: codeV2, settings: { webhookToken: 'tok' } })
    expect(upgrade.out).toContain(`Function "Fingerprint webhooks" (${id}): updating.`)
    expect(upgrade.out).toMatch(
      / {2}code: \d+ characters, sha256 [0-9a-f]{64}\n {5}-> \d+ characters, sha256 [0-9a-f]{64}/,
    )
    expect(upgrade.out).toContain(`    + ${added.name}  ${added.type}  Label "${added.label}"`)
    expect(upgrade.out).toContain("Updated the function's code, settings (a new version).")
  })

  it('updates a changed declaration (a setting now Encrypted)', async () => {
    const plain = functionSettings.map((setting) => ({ ...setting, sensitive: false }))
    await deploy({ desired: { ...desiredFunction(codeV1), settings: plain } })
    const run = await deploy()
    expect(run.out).toContain('    ~ fingerprintServerApiKey: sensitive changed')
    expect(api.functionJson(onlyFunction()).settings).toEqual(functionSettings)
  })

  it('refuses a renamed setting without --prune, sending nothing, and does it with --prune', async () => {
    const id = api.seedFunction({
      displayName: 'Fingerprint webhooks',
      code: codeV1,
      settings: functionSettings.map((setting) =>
        setting.name === 'fingerprintServerApiKey' ? { ...setting, name: 'fingerprintServerAPIKey' } : { ...setting },
      ),
      deployed: true,
    })
    const source = api.connectSource(id, { fingerprintServerAPIKey: 'old-key' })
    const refused = await deploy()
    expect(refused.result).toEqual({ kind: 'refused' })
    expect(refused.writes).toEqual([])
    expect(refused.err).toContain('Not deployed: the function declares settings this version does not read:')
    expect(refused.err).toContain(
      '  - fingerprintServerAPIKey: renamed to fingerprintServerApiKey (Label "Fingerprint Server Api Key")',
    )
    expect(refused.err).toMatch(/documents no way to read\s+which sources hold a value for a setting/)
    expect(refused.err).toContain(`Nothing was sent. To remove them, run: ${rerunCommand} --prune`)
    expect(refused.err).toContain(
      "Then enter each source's value again under the new Name: fingerprintServerAPIKey -> fingerprintServerApiKey.",
    )

    const pruned = await deploy({ prune: true })
    expect(pruned.result).toEqual({ kind: 'updated', functionId: id })
    expect(pruned.writes).toEqual([`PATCH /functions/${id}`, `POST /functions/${id}/deploy`])
    expect(pruned.out).toContain('    - fingerprintServerAPIKey: renamed to fingerprintServerApiKey')
    expect(api.functionJson(id).settings).toEqual(functionSettings)
    // The old Name's value no longer reaches the function: it must be entered again under the new one.
    expect(api.source(source.id).settings).toEqual({})
  })

  it('refuses when several Source Functions have the name', async () => {
    api.seedFunction({ displayName: 'Fingerprint webhooks', code: 'a', settings: [] })
    api.seedFunction({ displayName: 'Fingerprint webhooks', code: 'b', settings: [] })
    const run = await deploy()
    expect(run.result).toEqual({ kind: 'refused' })
    expect(run.writes).toEqual([])
    expect(run.err).toMatch(
      /Not deployed: 2 Source Functions are named "Fingerprint webhooks" \(sfnc_\w+, sfnc_\w+\)\./,
    )
  })
})

describe('deploy: when Segment refuses or fails', () => {
  it('401: says the token is not accepted, changes nothing, never prints the token', async () => {
    const run = await deploy({ token: 'not-a-valid-token' })
    expect(run.result).toEqual({ kind: 'failed' })
    expect(run.err).toMatch(/^Segment did not accept the token \(401 for GET \/functions\)/)
    expect(run.err).toContain('Nothing was changed.')
    expect(`${run.out}${run.err}`).not.toContain('not-a-valid-token')
  })

  it('403: names the access the token needs', async () => {
    const run = await deploy({ token: api.readOnlyToken })
    expect(run.writes).toEqual(['POST /functions'])
    expect(run.err).toMatch(
      /The token may not do this \(403 for POST \/functions\)\..* Functions Admin role .* Source Admin/,
    )
    expect(run.err).toContain('Step 1 of 2 (create) failed. Nothing was changed.')
    expect(`${run.out}${run.err}`).not.toContain(api.readOnlyToken)
  })

  it('404: the function vanished between the list and the read', async () => {
    await deploy()
    api.failNext('GET', `/functions/${onlyFunction()}`, 404, 1, { message: 'Function not found' })
    const run = await deploy()
    expect(run.result).toEqual({ kind: 'failed' })
    expect(run.err).toMatch(
      /404 \(not found\) for GET \/functions\/sfnc_\w+\. Segment says: Function not found\. The function sfnc_\w+ is not in this workspace/,
    )
  })

  it("422: shows Segment's validation message", async () => {
    api.failNext('POST', '/functions', 422, 1, { message: 'Function code exceeds the maximum size' })
    const run = await deploy()
    expect(run.result).toEqual({ kind: 'failed' })
    expect(run.err).toContain(
      'Segment refused POST /functions as invalid (422). Segment says: Function code exceeds the maximum size.',
    )
    expect(api.functionIds()).toEqual([])
  })

  it('429 then success: waits as asked and finishes', async () => {
    api.failNext('GET', '/functions', 429, 1, { msBeforeNext: 1200 })
    const run = await deploy()
    expect(run.result.kind).toBe('created')
    expect(run.waits).toEqual([1200])
  })

  it('5xx then success: retries the update and finishes', async () => {
    await deploy()
    api.failNext('PATCH', `/functions/${onlyFunction()}`, 502, 2)
    const run = await deploy({ desired: desiredFunction(codeV2) })
    expect(run.result.kind).toBe('updated')
    expect(run.waits).toEqual([1000, 2000])
    expect(api.functionJson(onlyFunction()).code).toBe(codeV2)
  })

  it('5xx on every attempt of the update: the function is as it was, and the command to run again', async () => {
    await deploy()
    api.failNext('PATCH', `/functions/${onlyFunction()}`, 500, 5)
    const run = await deploy({ desired: desiredFunction(codeV2) })
    expect(run.result).toEqual({ kind: 'failed' })
    expect(run.err).toContain('(gave up after 5 attempts)')
    expect(run.err).toContain(
      `Step 1 of 2 (update) failed: the function and its sources are as they were. Run the same command again: ${rerunCommand}`,
    )
    expect(api.functionJson(onlyFunction()).code).toBe(codeV1)
  })

  it('a creation that fails with a 5xx is not sent again, and says the next run finds it', async () => {
    api.failNext('POST', '/functions', 503)
    const run = await deploy()
    expect(run.writes).toEqual(['POST /functions'])
    expect(run.err).toContain(
      `Step 1 of 2 (create) failed. Segment may have created the function before failing; run the same command again, it finds the function by its name: ${rerunCommand}`,
    )
  })
})

describe('deploy: an interrupted run, resumed', () => {
  it('says the update is done but not deployed, and the next run only deploys', async () => {
    await deploy()
    const id = onlyFunction()
    const source = api.connectSource(id)
    api.failNext('POST', `/functions/${id}/deploy`, 503, 5)
    const interrupted = await deploy({ desired: desiredFunction(codeV2) })
    expect(interrupted.result).toEqual({ kind: 'failed' })
    expect(interrupted.writes).toEqual([
      `PATCH /functions/${id}`,
      ...Array<string>(5).fill(`POST /functions/${id}/deploy`),
    ])
    expect(interrupted.err).toContain(
      `Step 2 of 2 (deploy) failed: the function ${id} IS updated, but its sources still run the version deployed before. To finish, run: ${rerunCommand} (it finds the update done and only deploys).`,
    )
    expect(api.source(source.id).code).toBe(codeV1)

    const resumed = await deploy({ desired: desiredFunction(codeV2) })
    expect(resumed.result).toEqual({ kind: 'updated', functionId: id })
    expect(resumed.writes).toEqual([`POST /functions/${id}/deploy`])
    expect(resumed.out).toContain(
      "deployment: Segment says the latest version is not deployed to the function's sources yet",
    )
    expect(api.source(source.id).code).toBe(codeV2)
    expect((await deploy({ desired: desiredFunction(codeV2) })).result.kind).toBe('up-to-date')
  })

  it('a creation whose deployment failed is finished by the next run', async () => {
    api.failNext('POST', /\/deploy$/, 500, 5)
    const interrupted = await deploy()
    expect(interrupted.err).toMatch(
      /Step 2 of 2 \(deploy\) failed: the function sfnc_\w+ IS created with this code and settings/,
    )
    const resumed = await deploy()
    expect(resumed.writes).toEqual([`POST /functions/${onlyFunction()}/deploy`])
    expect(api.functionJson(onlyFunction()).isLatestVersion).toBe(true)
  })
})

describe('deploy --dry-run', () => {
  it('sends nothing but GETs and prints the bodies it would send, the code as its length and hash', async () => {
    const run = await deploy({ dryRun: true })
    expect(run.result.kind).toBe('dry-run')
    expect(run.writes).toEqual([])
    expect(api.functionIds()).toEqual([])
    expect(run.out).toContain('Dry run: nothing sent but GET requests. It would send:')
    expect(run.out).toContain('POST /functions\n  {\n    "resourceType": "SOURCE",')
    expect(run.out).toMatch(/"code": "<\d+ characters, sha256 [0-9a-f]{64}>"/)
    expect(run.out).not.toContain(codeV1)
    expect(run.out).toContain('"name": "webhookToken"')
    expect(run.out).toContain('POST /functions/<the id Segment gives it>/deploy')
  })

  it('prints the PATCH of an upgrade without sending it, and nothing for a function up to date', async () => {
    await deploy()
    const id = onlyFunction()
    const upgrade = await deploy({ desired: desiredFunction(codeV2), dryRun: true })
    expect(upgrade.writes).toEqual([])
    expect(upgrade.out).toContain(`PATCH /functions/${id}\n  {\n    "code": "<`)
    expect(api.functionJson(id).code).toBe(codeV1)
    const same = await deploy({ dryRun: true })
    expect(same.out).toContain('Dry run: nothing would be sent.')
  })
})
