import { describe, expect, it } from 'vitest'
import { pipelineSettingsSchema } from '../pipeline/pipeline-settings'
import { closestName } from './closest-name'
import { segmentSettingName } from './segment-setting-name'

describe('segmentSettingName', () => {
  it.each([
    ['api key', 'apiKey'],
    ['Fingerprint Server API Key', 'fingerprintServerApiKey'],
    ['fingerprintServerAPIKey', 'fingerprintServerApiKey'],
    ['Webhook Token', 'webhookToken'],
    ['Max Event Age Seconds', 'maxEventAgeSeconds'],
    ['my-secret_key 2', 'mySecretKey2'],
    ['XMLHttpRequest', 'xmlHttpRequest'],
  ])('%j -> %j', (label, name) => {
    expect(segmentSettingName(label)).toBe(name)
  })

  it('turns every Label of the schema into exactly its Name', () => {
    for (const declaration of Object.values(pipelineSettingsSchema)) {
      if (declaration.segment === undefined) continue
      expect(segmentSettingName(declaration.segment.label)).toBe(declaration.segment.name)
    }
  })
})

describe('closestName', () => {
  const known = ['fingerprintServerApiKey', 'webhookToken', 'identitySecret']
  it('finds the name that differs in case or by a few characters', () => {
    expect(closestName('fingerprintServerAPIKey', known)).toBe('fingerprintServerApiKey')
    expect(closestName('webhookTokens', known)).toBe('webhookToken')
    expect(closestName('identity_secret', known)).toBe('identitySecret')
  })
  it('finds none for a name unlike any', () => {
    expect(closestName('colour', known)).toBeUndefined()
  })
})
