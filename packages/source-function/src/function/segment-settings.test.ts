import { describe, expect, it } from 'vitest'
import { ValidationError } from '../segment/errors'
import { readSegmentSettings, sameSettings, snapshotSettings } from './segment-settings'

describe('readSegmentSettings', () => {
  it('gives nothing for an empty or missing settings object: every default applies', () => {
    expect(readSegmentSettings(undefined)).toEqual({})
    expect(readSegmentSettings({})).toEqual({})
  })

  it('splits comma-separated secrets and ignores blanks and spaces', () => {
    expect(readSegmentSettings({ webhookSecret: ' new-secret , old-secret ,, ' }).webhookSecrets).toEqual([
      'new-secret',
      'old-secret',
    ])
    expect(readSegmentSettings({ identitySecret: ['a', 'b'] }).identitySecrets).toEqual(['a', 'b'])
  })

  it('reads numbers, choices, flags and JSON given as strings, as Segment string settings arrive', () => {
    expect(
      readSegmentSettings({
        maxEventAgeSeconds: '600',
        replayedEvents: 'DROP',
        emitRiskAssessment: 'true',
        riskRules: '{"rules":{"vpn":"block"}}',
      }),
    ).toEqual({
      maxEventAgeSeconds: 600,
      replayedEvents: 'drop',
      emitRiskAssessment: true,
      riskRules: { rules: { vpn: 'block' } },
    })
  })

  it('reads a blank setting as unset: the default applies (a blank maxEventAgeSeconds does not turn the check off)', () => {
    expect(
      readSegmentSettings({
        webhookSecret: '  ',
        identitySecret: '',
        maxEventAgeSeconds: '  ',
        replayedEvents: ' ',
        emitRiskAssessment: ' ',
        riskRules: ' ',
      }),
    ).toEqual({})
  })

  it('tolerates spaces and capitals around a flag', () => {
    expect(readSegmentSettings({ emitRiskAssessment: ' TRUE ' }).emitRiskAssessment).toBe(true)
  })

  it.each([
    [{ webhookSecret: ' , ' }, /webhookSecret holds no secret/],
    [{ identitySecret: ',,' }, /identitySecret holds no secret/],
    [{ webhookSecret: [' '] }, /webhookSecret holds no secret/],
    [{ maxEventAgeSeconds: '-5' }, /^The setting maxEventAgeSeconds must be 0 or more, got -5\.$/],
    [{ maxEventAgeSeconds: 'ten' }, /^The setting maxEventAgeSeconds must be a number, got "ten"\.$/],
    [{ maxEventAgeSeconds: 'ten' }, /maxEventAgeSeconds/],
    [{ replayedEvents: 'ignore' }, /replayedEvents must be one of 'flag', 'drop'/],
    [{ emitRiskAssessment: 'yes' }, /emitRiskAssessment must be true or false/],
    [{ webhookSecret: 5 }, /webhookSecret must be a string/],
    [{ riskRules: {} }, /riskRules must be a string/],
    [{ riskRules: '{"rules":{"vpn":"deny"}}' }, /riskRules is invalid: riskRules\.rules\.vpn must be/],
    [{ riskRules: '{' }, /riskRules is not valid JSON/],
  ])('rejects %j naming the setting', (settings, message) => {
    expect(() => readSegmentSettings(settings)).toThrow(ValidationError)
    expect(() => readSegmentSettings(settings)).toThrow(message)
  })
})

describe('sameSettings', () => {
  const settings = { webhookToken: 'a,b', emitRiskAssessment: true, identitySecret: ['x', 'y'], map: { k: 'v' } }

  it('holds for a snapshot of the same settings, however the objects were made', () => {
    expect(sameSettings(snapshotSettings(settings), { ...settings, identitySecret: ['x', 'y'], map: { k: 'v' } })).toBe(
      true,
    )
  })

  it.each([
    { ...settings, webhookToken: 'a' },
    { ...settings, emitRiskAssessment: 'true' },
    { ...settings, identitySecret: ['x'] },
    { ...settings, map: { k: 'w' } },
    { ...settings, extra: '' },
  ])('does not hold when one value changes: %j', (changed) => {
    expect(sameSettings(snapshotSettings(settings), changed)).toBe(false)
  })

  it('is not fooled by a settings object changed after it was read', () => {
    const mutable: Record<string, unknown> = { webhookToken: 'a' }
    const snapshot = snapshotSettings(mutable)
    mutable.webhookToken = 'b'
    expect(sameSettings(snapshot, mutable)).toBe(false)
  })
})
