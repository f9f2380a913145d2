import { describe, expect, it } from 'vitest'
import { ValidationError } from '../segment/errors'
import { parseRiskRules, resolveRiskRules } from './parse-risk-rules'
import { defaultRiskRules } from './risk-rules'

describe('parseRiskRules: merging onto the defaults', () => {
  it('{} gives a fresh copy of the defaults', () => {
    const rules = parseRiskRules('{}')
    expect(rules).toEqual(defaultRiskRules)
    rules.rules.vpn.verdict = 'block'
    expect(defaultRiskRules.rules.vpn.verdict).toBe('challenge')
  })

  it('a verdict word, false or true as a shorthand per rule', () => {
    const rules = parseRiskRules('{"rules":{"vpn":"block","datacenter":false,"tor":true}}')
    expect(rules.rules.vpn).toEqual({ ...defaultRiskRules.rules.vpn, verdict: 'block' })
    expect(rules.rules.datacenter.enabled).toBe(false)
    expect(rules.rules.tor.enabled).toBe(true)
  })

  it('a partial rule changes only the fields it names', () => {
    const rules = parseRiskRules(
      JSON.stringify({
        rules: {
          high_suspect_score: { minSuspectScore: 30 },
          incognito_high_velocity: { window: '5m', minEvents: 4, weight: 65 },
          proxy: { minConfidence: 'high', enabled: false },
        },
      }),
    )
    expect(rules.rules.high_suspect_score).toEqual({
      ...defaultRiskRules.rules.high_suspect_score,
      minSuspectScore: 30,
    })
    expect(rules.rules.incognito_high_velocity).toEqual({
      enabled: true,
      verdict: 'challenge',
      weight: 65,
      window: '5m',
      minEvents: 4,
    })
    expect(rules.rules.proxy).toEqual({ ...defaultRiskRules.rules.proxy, minConfidence: 'high', enabled: false })
    expect(rules.rules.vpn).toEqual(defaultRiskRules.rules.vpn)
  })

  it('score thresholds, one or both', () => {
    expect(parseRiskRules('{"thresholds":{"block":90}}').thresholds).toEqual({ challenge: 75, block: 90 })
    expect(parseRiskRules('{"thresholds":{"challenge":50,"block":50}}').thresholds).toEqual({
      challenge: 50,
      block: 50,
    })
  })

  it('resolveRiskRules takes the same overrides as an object', () => {
    expect(resolveRiskRules({ rules: { emulator: 'block' } }).rules.emulator.verdict).toBe('block')
  })
})

describe('parseRiskRules: clear errors naming the setting and the path', () => {
  const cases: [string, string, RegExp][] = [
    ['invalid JSON', '{"rules":', /^The setting riskRules is not valid JSON: .+\.$/],
    ['an array', '[]', /riskRules must be an object, got an array/],
    ['an unknown top-level key', '{"rule":{}}', /riskRules\.rule is not a known key \(known: thresholds, rules\)/],
    [
      'an unknown rule name',
      '{"rules":{"vpnn":"block"}}',
      /riskRules\.rules\.vpnn is not a known rule \(known: bad_bot, .*datacenter\)/,
    ],
    [
      'a wrong verdict word',
      '{"rules":{"vpn":{"verdict":"deny"}}}',
      /riskRules\.rules\.vpn\.verdict must be one of 'allow', 'challenge', 'block', got "deny"/,
    ],
    [
      'a wrong shorthand word',
      '{"rules":{"vpn":"BLOCK"}}',
      /riskRules\.rules\.vpn must be one of 'allow', 'challenge', 'block', got "BLOCK"/,
    ],
    [
      'a rule that is a number',
      '{"rules":{"vpn":3}}',
      /riskRules\.rules\.vpn must be an object, a verdict .* or true\/false, got 3/,
    ],
    [
      'a field the rule does not have',
      '{"rules":{"bad_bot":{"minConfidence":"low"}}}',
      /riskRules\.rules\.bad_bot\.minConfidence is not a known field \(known: enabled, verdict, weight\)/,
    ],
    [
      'a non-numeric threshold',
      '{"thresholds":{"block":"90"}}',
      /riskRules\.thresholds\.block must be a number, got "90"/,
    ],
    [
      'a threshold over 100',
      '{"thresholds":{"challenge":150}}',
      /riskRules\.thresholds\.challenge must be between 1 and 100, got 150/,
    ],
    [
      'challenge above block',
      '{"thresholds":{"challenge":90,"block":80}}',
      /riskRules\.thresholds\.challenge \(90\) must not be above riskRules\.thresholds\.block \(80\)/,
    ],
    [
      'a non-numeric limit',
      '{"rules":{"high_suspect_score":{"minSuspectScore":"high"}}}',
      /riskRules\.rules\.high_suspect_score\.minSuspectScore must be a number, got "high"/,
    ],
    [
      'a negative limit',
      '{"rules":{"high_velocity":{"minEvents":-1}}}',
      /riskRules\.rules\.high_velocity\.minEvents must be 0 or more, got -1/,
    ],
    [
      'a weight over 100',
      '{"rules":{"tor":{"weight":101}}}',
      /riskRules\.rules\.tor\.weight must be between 0 and 100, got 101/,
    ],
    [
      'a wrong confidence',
      '{"rules":{"vpn":{"minConfidence":"very"}}}',
      /riskRules\.rules\.vpn\.minConfidence must be one of 'low', 'medium', 'high', got "very"/,
    ],
    [
      'a wrong window',
      '{"rules":{"high_velocity":{"window":"2h"}}}',
      /riskRules\.rules\.high_velocity\.window must be one of '5m', '1h', '24h', got "2h"/,
    ],
    [
      'enabled not a boolean',
      '{"rules":{"tor":{"enabled":"no"}}}',
      /riskRules\.rules\.tor\.enabled must be true or false, got "no"/,
    ],
    ['thresholds not an object', '{"thresholds":80}', /riskRules\.thresholds must be an object, got 80/],
  ]

  it.each(cases)('%s', (_name, json, message) => {
    let thrown: unknown
    try {
      parseRiskRules(json)
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(ValidationError)
    expect((thrown as Error).message).toMatch(/^The setting riskRules is /)
    expect((thrown as Error).message).toMatch(message)
  })

  it('the JSON error carries the parser message', () => {
    let parserMessage = ''
    try {
      JSON.parse('{"rules":')
    } catch (error) {
      parserMessage = (error as Error).message
    }
    expect(() => parseRiskRules('{"rules":')).toThrow(parserMessage)
  })
})
