/**
 * The BUILT command (`dist/function-cli.mjs`, the package's `fingerprint-segment-function` bin)
 * deploys to the Public API stand-in; then the code and setting declarations exactly as the
 * stand-in recorded them run in the function sandbox as a deployed Source Function, with the values
 * a person fills in after connecting a source: a webhook carrying the token goes through, one
 * without it is refused.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  functionBundlePath,
  loadFunctionSandboxFromCode,
  officialFixture,
  startPublicApiStandIn,
  withSegmentPayload,
  type PublicApiStandIn,
  type StandInSetting,
} from '@fingerprint-segment/test-kit'

const cliPath = fileURLToPath(new URL('../dist/function-cli.mjs', import.meta.url))
const runFile = promisify(execFile)

let api: PublicApiStandIn
beforeAll(async () => {
  api = await startPublicApiStandIn()
})
afterAll(async () => {
  await api.close()
})

/** Runs the built command as a user would, the token and API URL in its environment. */
async function cli(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, SEGMENT_PUBLIC_API_TOKEN: api.token, SEGMENT_PUBLIC_API_URL: api.url }
  try {
    const { stdout, stderr } = await runFile(process.execPath, [cliPath, ...args], { env, encoding: 'utf8' })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string }
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' }
  }
}

describe('fingerprint-segment-function deploy, built, against the Public API stand-in', () => {
  let functionId = ''

  it('creates and deploys the function with the pasteable bundle as its code', async () => {
    const first = await cli(['deploy'])
    expect(first).toMatchObject({ code: 0, stderr: '' })
    expect(first.stdout).toContain('Deployed the latest version')
    const create = api.requests.find((request) => request.method === 'POST' && request.path === '/functions')
    expect((create?.body as { code: string }).code).toBe(readFileSync(functionBundlePath, 'utf8'))
    ;[functionId = ''] = api.functionIds()
    expect(api.functionJson(functionId).isLatestVersion).toBe(true)
  })

  it('changes nothing when run again', async () => {
    const writes = api.writes().length
    const second = await cli(['deploy'])
    expect(second.code).toBe(0)
    expect(second.stdout).toContain('up to date')
    expect(api.writes().length).toBe(writes)
  })

  it('writes the same bundle with `bundle`, and prints the same declarations with `settings`', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'function-cli-')), 'fn.js')
    expect((await cli(['bundle', '--out', out])).code).toBe(0)
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(functionBundlePath, 'utf8'))
    const { stdout } = await cli(['settings'])
    for (const setting of api.functionJson(functionId).settings as StandInSetting[]) {
      expect(stdout).toMatch(
        new RegExp(
          `^${setting.label} +${setting.name} +${setting.type.toLowerCase()} +${setting.sensitive ? 'yes' : 'no'} `,
          'm',
        ),
      )
    }
  })

  describe('the deployed code, with the settings a connected source holds', () => {
    const token = 'e2e-webhook-token'
    const webhook = () =>
      JSON.stringify(
        withSegmentPayload(
          { ...officialFixture('v4/webhook.json'), event_id: `${Date.now()}.e2eRun`, timestamp: Date.now() },
          { anonymousId: 'ajs-e2e', identify: { userId: 'usr_e2e' } },
        ),
      )

    it('verifies a webhook by its token and emits the calls; refuses one without the token', async () => {
      const source = api.connectSource(functionId, { webhookToken: token })
      expect(source.code).toBe(readFileSync(functionBundlePath, 'utf8'))
      expect(source.settings).toEqual({ webhookToken: token })
      const sandbox = loadFunctionSandboxFromCode(source.code, { mode: 'deployed' }, 'the deployed code')

      const verified = await sandbox.run(
        { body: webhook(), url: `${source.webhookUrl}&token=${token}` },
        source.settings,
      )
      expect(verified.error).toBeUndefined()
      expect(verified.calls.map((call) => call.type)).toEqual(['identify'])
      expect(verified.calls[0]?.payload).toMatchObject({ userId: 'usr_e2e', anonymousId: 'ajs-e2e' })

      const refused = await sandbox.run({ body: webhook(), url: source.webhookUrl }, source.settings)
      expect(refused.calls).toEqual([])
      expect(refused.error).toMatchObject({
        name: 'ValidationError',
        message: expect.stringMatching(/has no token parameter/),
      })
    })

    it('refuses every webhook that would emit calls while no authentication is filled in', async () => {
      const source = api.connectSource(functionId)
      const sandbox = loadFunctionSandboxFromCode(source.code, { mode: 'deployed' })
      const result = await sandbox.run({ body: webhook(), url: source.webhookUrl }, source.settings)
      expect(result.calls).toEqual([])
      expect(result.error).toMatchObject({
        name: 'ValidationError',
        message: expect.stringMatching(/set acceptUnauthenticatedWebhooks to true/),
      })
    })
  })
})
