import { packageVersion } from '../lib/package-version'
import type { DesiredFunction } from './deploy-plan'
import { functionSettings } from './function-settings'

/** The display name `deploy` gives the function and finds it by, unless told another. */
export const defaultDisplayName = 'Fingerprint webhooks'

/**
 * The Source Function as this version of the package wants it in Segment: the pasteable bundle's
 * code, every setting of the schema, and a description naming the version.
 */
export function desiredFunction(code: string, displayName: string = defaultDisplayName): DesiredFunction {
  return {
    displayName,
    description: `Fingerprint webhooks to Segment calls: @fingerprint-segment/source-function ${packageVersion}. Updated by its deploy command; set the values of its settings in each source.`,
    code,
    settings: functionSettings,
  }
}
