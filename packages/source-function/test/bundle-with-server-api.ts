/**
 * The BUILT bundle in the sandbox's deployed mode, its runtime `fetch` routed to the test kit's
 * stand-in of Fingerprint's Server API: started before the file's tests, answering normally again
 * before each one, stopped after them.
 */
import {
  loadBuiltFunction,
  startServerApiStandIn,
  type FunctionSandbox,
  type ServerApiStandIn,
} from '@fingerprint-segment/test-kit'
import { afterAll, beforeAll, beforeEach } from 'vitest'

export interface BundleWithServerApi {
  readonly api: ServerApiStandIn
  readonly sandbox: FunctionSandbox
}

export function useBundleWithServerApi(): BundleWithServerApi {
  let api: ServerApiStandIn | undefined
  let sandbox: FunctionSandbox | undefined
  beforeAll(async () => {
    api = await startServerApiStandIn()
    sandbox = loadBuiltFunction({ fetch: api.fetch })
  })
  afterAll(async () => {
    await api?.close()
  })
  beforeEach(() => {
    api?.setMode({ kind: 'up' })
  })
  return {
    get api() {
      if (api === undefined) throw new Error('the Server API stand-in is not started yet')
      return api
    },
    get sandbox() {
      if (sandbox === undefined) throw new Error('the sandbox is not loaded yet')
      return sandbox
    },
  }
}
