/**
 * The BUILT pasteable bundle of @fingerprint-segment/source-function, loaded in the vm sandbox
 * (`function-sandbox.ts`): what the tests, the benchmarks and the demo run.
 */
import { existsSync } from 'node:fs'
import { sourceFunctionBundlePath } from './rebuild-stale-bundle'
import {
  loadFunctionSandbox,
  segmentWebhookUrl,
  type FunctionSandbox,
  type FunctionSandboxOptions,
  type SandboxRequest,
} from './function-sandbox'

/** `dist/segment-source-function.js`: the file users paste into Segment. */
export const functionBundlePath = sourceFunctionBundlePath

/**
 * The built bundle in a fresh sandbox: as a deployed function unless told otherwise.
 *
 * @throws Error naming the command to run when the bundle has not been built
 */
export function loadBuiltFunction(options: FunctionSandboxOptions = {}): FunctionSandbox {
  if (!existsSync(functionBundlePath)) {
    throw new Error(
      `The Source Function bundle is missing (${functionBundlePath}). Run \`npm run build\` at the repository root first.`,
    )
  }
  return loadFunctionSandbox(functionBundlePath, options)
}

/** The webhook token the authenticated sandboxes are set up with. */
export const testWebhookToken = 'test-webhook-token'

/**
 * The built bundle set up as a user would deploy it for mapping tests: authenticated by a webhook
 * token (the `webhookToken` setting, and `token=` on every request's URL unless the test gives
 * its own URL), so each test's settings add to that rather than turn authentication off.
 */
export function loadAuthenticatedFunction(options: FunctionSandboxOptions = {}): FunctionSandbox {
  const sandbox = loadBuiltFunction(options)
  const authenticated = <Request extends SandboxRequest>(request: Request): Request => ({
    ...request,
    url: request.url ?? `${segmentWebhookUrl}&token=${testWebhookToken}`,
  })
  const withToken = (settings: Record<string, unknown> = {}) => ({ webhookToken: testWebhookToken, ...settings })
  return {
    mode: sandbox.mode,
    run: (request, settings) => sandbox.run(authenticated(request), withToken(settings)),
    prepare: (request, settings) => sandbox.prepare(authenticated(request), withToken(settings)),
  }
}
