import { describe, expect, it } from 'vitest'
import packageJson from '../package.json' with { type: 'json' }
import { INTEGRATION_INFO, VERSION } from './version'

describe('version', () => {
  it('matches package.json', () => {
    expect(VERSION).toBe(packageJson.version)
  })

  it("names the integration as name/version for the agents' integrationInfo", () => {
    expect(INTEGRATION_INFO).toBe(`fingerprint-segment-browser/${packageJson.version}`)
  })
})
