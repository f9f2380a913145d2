// A private workspace package: the vm sandbox that runs the BUILT Source Function bundle the way
// Segment's Functions runtime does. Listed explicitly.
export { loadFunctionSandbox, loadFunctionSandboxFromCode, segmentWebhookUrl, withSortedKeys } from './function-sandbox'
export type {
  EmittedCall,
  FunctionSandbox,
  FunctionSandboxOptions,
  PreparedRun,
  TimedSandboxResult,
  SandboxMode,
  SandboxRequest,
  SandboxResult,
} from './function-sandbox'
