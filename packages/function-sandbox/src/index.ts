// A private workspace package: the vm sandbox that runs the BUILT Source Function bundle the way
// Segment's Functions runtime does. Listed explicitly.
export { loadFunctionSandbox } from './function-sandbox'
export type { EmittedCall, FunctionSandbox, SandboxRequest, SandboxResult } from './function-sandbox'
