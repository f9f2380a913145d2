/** The BUILT pasteable bundle of this package, loaded in the vm sandbox (`@fingerprint-segment/function-sandbox`). */
import { fileURLToPath } from 'node:url'
import {
  loadFunctionSandbox,
  type FunctionSandbox,
  type FunctionSandboxOptions,
} from '@fingerprint-segment/function-sandbox'

export type { EmittedCall, FunctionSandbox, SandboxResult } from '@fingerprint-segment/function-sandbox'

/** `dist/segment-source-function.js`: the file users paste into Segment (rebuilt before the tests when stale). */
export const functionBundlePath = fileURLToPath(new URL('../dist/segment-source-function.js', import.meta.url))

/** The built bundle in a fresh sandbox: as a deployed function unless told otherwise. */
export function loadBuiltFunction(options: FunctionSandboxOptions = {}): FunctionSandbox {
  return loadFunctionSandbox(functionBundlePath, options)
}
