import { describe, expect, it } from 'vitest'
import { ValidationError } from './errors'
import { defaultSettings, readSettings } from './settings'

describe('readSettings', () => {
  it('gives the documented defaults for an empty or missing settings object', () => {
    expect(readSettings(undefined)).toEqual(defaultSettings)
    expect(readSettings({})).toEqual(defaultSettings)
  })

  it('splits comma-separated secrets and ignores blanks and spaces', () => {
    expect(readSettings({ webhookSecret: ' new-secret , old-secret ,, ' }).webhookSecrets).toEqual([
      'new-secret',
      'old-secret',
    ])
    expect(readSettings({ identitySecret: ['a', 'b'] }).identitySecrets).toEqual(['a', 'b'])
  })

  it('reads numbers, choices and flags given as strings, as Segment string settings arrive', () => {
    expect(
      readSettings({ maxEventAgeSeconds: '600', replayedEvents: 'DROP', emitRiskAssessment: 'true' }),
    ).toMatchObject({
      maxEventAgeSeconds: 600,
      replayedEvents: 'drop',
      emitRiskAssessment: true,
    })
  })

  it('reads a blank setting as unset: the default applies (a blank maxEventAgeSeconds does not turn the check off)', () => {
    expect(
      readSettings({
        webhookSecret: '  ',
        identitySecret: '',
        maxEventAgeSeconds: '  ',
        replayedEvents: ' ',
        emitRiskAssessment: ' ',
        riskRules: ' ',
      }),
    ).toEqual(defaultSettings)
  })

  it('tolerates spaces and capitals around a flag', () => {
    expect(readSettings({ emitRiskAssessment: ' TRUE ' }).emitRiskAssessment).toBe(true)
  })

  it.each([
    [{ webhookSecret: ' , ' }, /webhookSecret holds no secret/],
    [{ identitySecret: ',,' }, /identitySecret holds no secret/],
    [{ webhookSecret: [' '] }, /webhookSecret holds no secret/],
    [{ maxEventAgeSeconds: '-5' }, /maxEventAgeSeconds must be a number of seconds/],
    [{ maxEventAgeSeconds: 'ten' }, /maxEventAgeSeconds/],
    [{ replayedEvents: 'ignore' }, /replayedEvents must be one of 'flag', 'drop'/],
    [{ emitRiskAssessment: 'yes' }, /emitRiskAssessment must be true or false/],
    [{ webhookSecret: 5 }, /webhookSecret must be a string/],
    [{ riskRules: {} }, /riskRules must be a string/],
  ])('rejects %j naming the setting', (settings, message) => {
    expect(() => readSettings(settings)).toThrow(ValidationError)
    expect(() => readSettings(settings)).toThrow(message)
  })
})
