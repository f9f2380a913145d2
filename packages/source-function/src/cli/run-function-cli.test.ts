import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPublicApiStandIn, type PublicApiStandIn } from '@fingerprint-segment/test-kit'
import { settingsTabDeclarations } from '../deploy/function-settings'
import { runFunctionCli, type FunctionCliContext } from './run-function-cli'

let api: PublicApiStandIn
beforeAll(async () => {
  api = await startPublicApiStandIn()
})
afterAll(async () => {
  await api.close()
})

const bundleText = 'async function onRequest(request, settings) { /* the pasteable bundle */ }\n'

async function run(argv: readonly string[], env: Record<string, string | undefined> = {}) {
  let stdout = ''
  let stderr = ''
  const files = new Map<string, string>()
  const context: FunctionCliContext = {
    argv,
    env,
    stdout: (text) => {
      stdout += text
    },
    stderr: (text) => {
      stderr += text
    },
    readBundle: () => bundleText,
    writeFile: (path, text) => files.set(path, text),
    sleep: () => Promise.resolve(),
  }
  const code = await runFunctionCli(context)
  return { code, stdout, stderr, files }
}

describe('fingerprint-segment-function settings', () => {
  it('prints every setting to declare: Label, Name, Type, Encrypted, default', async () => {
    const { code, stdout } = await run(['settings'])
    expect(code).toBe(0)
    expect(stdout).toMatch(
      /^Label \(type this\) +Name \(Segment makes it\) +Type +Encrypted +Default when left empty$/m,
    )
    for (const declaration of settingsTabDeclarations) {
      const row = new RegExp(
        `^${declaration.label} +${declaration.name} +${declaration.type} +${declaration.encrypted ? 'yes' : 'no'} +\\S`,
        'm',
      )
      expect(stdout).toMatch(row)
    }
    expect(stdout).toMatch(/^Fingerprint Server Api Key +fingerprintServerApiKey +string +yes +none: no lookup$/m)
    expect(stdout).not.toContain('`')
  })
})

describe('fingerprint-segment-function bundle', () => {
  it('writes the pasteable file and says where to paste it', async () => {
    const { code, stdout, files } = await run(['bundle', '--out', 'fn.js'])
    expect(code).toBe(0)
    expect(files.get('fn.js')).toBe(bundleText)
    expect(stdout).toMatch(/^Wrote fn\.js \(\d+ characters, sha256 [0-9a-f]{64}\)\.\nPaste it whole into Segment/)
    expect((await run(['bundle'])).files.get('segment-source-function.js')).toBe(bundleText)
  })

  it('writes the code alone to standard output with --out -', async () => {
    const { stdout, files } = await run(['bundle', '--out', '-'])
    expect(stdout).toBe(bundleText)
    expect(files.size).toBe(0)
  })
})

describe('fingerprint-segment-function deploy', () => {
  const env = () => ({ SEGMENT_PUBLIC_API_TOKEN: api.token, SEGMENT_PUBLIC_API_URL: api.url })

  it('deploys, then is up to date; exit code 0 both times', async () => {
    const first = await run(['deploy', '--name', 'CLI test'], env())
    expect(first.code).toBe(0)
    expect(first.stdout).toContain(`Segment Public API: ${api.url}`)
    expect(first.stdout).toContain('Deployed the latest version')
    const second = await run(['deploy', '--name', 'CLI test'], env())
    expect(second.code).toBe(0)
    expect(second.stdout).toContain('up to date')
  })

  it('exits 1 with the failure on standard error, and 2 for a usage error', async () => {
    const failed = await run(['deploy'], { ...env(), SEGMENT_PUBLIC_API_TOKEN: 'bad' })
    expect(failed.code).toBe(1)
    expect(failed.stderr).toMatch(/Segment did not accept the token \(401/)
    const usage = await run(['deploy'], {})
    expect(usage.code).toBe(2)
    expect(usage.stderr).toMatch(
      /^fingerprint-segment-function: Set SEGMENT_PUBLIC_API_TOKEN.*\nRun "fingerprint-segment-function --help"/,
    )
  })

  it('says why it pauses before a retry', async () => {
    api.failNext('GET', '/functions', 503)
    const { code, stderr } = await run(['deploy', '--name', 'CLI retry'], env())
    expect(code).toBe(0)
    expect(stderr).toBe('answer 503 to GET /functions; trying again in 1 s (attempt 2 of 5).\n')
  })

  it('never prints the token, even where Segment repeats it in a message', async () => {
    api.failNext('POST', '/functions', 422, 1, { message: `token ${api.token} may not create functions` })
    const { code, stdout, stderr } = await run(['deploy', '--name', 'CLI redaction'], env())
    expect(code).toBe(1)
    expect(`${stdout}${stderr}`).not.toContain(api.token)
    expect(stderr).toContain('token [SEGMENT_PUBLIC_API_TOKEN] may not create functions')
    for (const argv of [
      ['deploy', '--name', 'CLI redaction'],
      ['deploy', '--name', 'CLI redaction', '--dry-run'],
    ]) {
      const again = await run(argv, env())
      expect(`${again.stdout}${again.stderr}`).not.toContain(api.token)
    }
  })
})
