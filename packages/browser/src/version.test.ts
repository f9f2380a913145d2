import { describe, expect, it } from 'vitest'
import { INTEGRATION_INFO, VERSION } from './version'

// That the built files carry package.json's version is checked on the packed tarball (scripts/check-package.sh).
describe('version', () => {
  it('is a semantic version', () => {
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/)
  })

  it("names the integration as name/version for the agents' integrationInfo", () => {
    expect(INTEGRATION_INFO).toMatch(/^fingerprint-segment-browser\/\d+\.\d+\.\d+/)
  })
})
