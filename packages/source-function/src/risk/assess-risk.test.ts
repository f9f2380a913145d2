import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { officialFixture, officialWebhookPaths, projectFixture } from '@fingerprint-segment/test-kit'
import type { FingerprintEvent, FingerprintSignals } from '../event/fingerprint-event'
import { readFingerprintEvent } from '../event/read-event'
import { assessRisk, verdictForScore, type RiskAssessment } from './assess-risk'
import { resolveRiskRules } from './parse-risk-rules'
import { defaultRiskRules, riskRuleCodes, type RiskRuleCode, type RiskVerdict } from './risk-rules'

/** What the rules read of an event besides its signals. */
type EventFields = Pick<FingerprintEvent, 'replayed' | 'ruleAction'>

function eventWith(signals: FingerprintSignals, fields: EventFields = {}): FingerprintEvent {
  return {
    format: 'v4',
    requestId: '1700000000000.reqst1',
    timestamp: 1_700_000_000_000,
    platform: 'browser',
    signals,
    tag: undefined,
    ...fields,
  }
}

const replayed: EventFields = { replayed: true }
const blockedByRuleset: EventFields = { ruleAction: { type: 'block', rulesetId: 'rs_1', ruleId: 'r_2' } }

const codes = (assessment: RiskAssessment) => assessment.reasons.map((reason) => reason.code)

/** For every default rule: signals (and event fields) that make it fire alone, and the verdict it gives. */
const firingSignals: Record<RiskRuleCode, { signals: FingerprintSignals; fields?: EventFields; verdict: RiskVerdict }> =
  {
    bad_bot: { signals: { bot: 'bad', botType: 'selenium' }, verdict: 'block' },
    tampering: { signals: { tampering: true, tamperingAnomalyScore: 0.9 }, verdict: 'block' },
    anti_detect_browser: { signals: { antiDetectBrowser: true }, verdict: 'block' },
    high_suspect_score: { signals: { suspectScore: 50 }, verdict: 'block' },
    replayed: { signals: {}, fields: replayed, verdict: 'block' },
    frida: { signals: { frida: true }, verdict: 'block' },
    mitm_attack: { signals: { mitmAttack: true }, verdict: 'block' },
    rule_action_block: { signals: {}, fields: blockedByRuleset, verdict: 'challenge' },
    tor: { signals: { tor: true }, verdict: 'challenge' },
    vpn: { signals: { vpn: true, vpnConfidence: 'high' }, verdict: 'challenge' },
    proxy: { signals: { proxy: true, proxyConfidence: 'medium' }, verdict: 'challenge' },
    ip_blocklist: { signals: { ipBlocklist: true }, verdict: 'challenge' },
    elevated_suspect_score: { signals: { suspectScore: 20 }, verdict: 'challenge' },
    incognito_high_velocity: { signals: { incognito: true, velocity: { events: { '1h': 10 } } }, verdict: 'challenge' },
    high_velocity: { signals: { velocity: { events: { '1h': 50 } } }, verdict: 'challenge' },
    emulator: { signals: { emulator: true }, verdict: 'challenge' },
    cloned_app: { signals: { clonedApp: true }, verdict: 'challenge' },
    root_apps: { signals: { rootApps: true }, verdict: 'challenge' },
    jailbroken: { signals: { jailbroken: true }, verdict: 'challenge' },
    location_spoofing: { signals: { locationSpoofing: true }, verdict: 'challenge' },
    virtual_machine: { signals: { virtualMachine: true }, verdict: 'challenge' },
    datacenter: { signals: { datacenter: true }, verdict: 'allow' },
  }

describe('assessRisk: each default rule', () => {
  it('the table covers every rule', () => {
    expect(Object.keys(firingSignals).sort()).toEqual([...riskRuleCodes].sort())
  })

  it.each(riskRuleCodes)('%s fires with its verdict, and not when disabled', (code) => {
    const { signals, fields, verdict } = firingSignals[code]
    const assessment = assessRisk(eventWith(signals, fields))
    expect(assessment.verdict).toBe(verdict)
    expect(assessment.reasons[0]).toMatchObject({ code, verdict })
    expect(assessment.reasons[0]?.message).toMatch(/\S/)
    const disabled = assessRisk(eventWith(signals, fields), resolveRiskRules({ rules: { [code]: false } }))
    expect(codes(disabled)).not.toContain(code)
  })

  it('block rules score at least 85, challenge rules 75 to 84, the datacenter rule below 75', () => {
    expect(assessRisk(eventWith({ frida: true })).score).toBe(90)
    expect(assessRisk(eventWith({}, replayed)).score).toBe(95)
    expect(assessRisk(eventWith({ vpn: true, vpnConfidence: 'high' })).score).toBe(75)
    expect(assessRisk(eventWith({ datacenter: true }))).toEqual({
      verdict: 'allow',
      score: 20,
      reasons: [
        {
          code: 'datacenter',
          verdict: 'allow',
          message: 'The IP address belongs to a datacenter or hosting provider.',
        },
      ],
    })
  })

  it('a clean event is allowed with no reasons; its score is the suspect score', () => {
    expect(assessRisk(eventWith({}))).toEqual({ verdict: 'allow', score: 0, reasons: [] })
    const clean: FingerprintSignals = {
      bot: 'not_detected',
      vpn: false,
      proxy: false,
      tor: false,
      tampering: false,
      incognito: true,
      suspectScore: 7,
    }
    expect(assessRisk(eventWith(clean))).toEqual({ verdict: 'allow', score: 7, reasons: [] })
  })

  it('good bots are not bad bots', () => {
    expect(assessRisk(eventWith({ bot: 'good', botType: 'chatgpt_agent' })).verdict).toBe('allow')
  })
})

describe('assessRisk: rule limits', () => {
  it('suspect score: 19 allows, 20 to 49 challenges, 50 and more blocks', () => {
    expect(assessRisk(eventWith({ suspectScore: 19 }))).toMatchObject({ verdict: 'allow', score: 19 })
    expect(codes(assessRisk(eventWith({ suspectScore: 49 })))).toEqual(['elevated_suspect_score'])
    expect(codes(assessRisk(eventWith({ suspectScore: 64 })))).toEqual(['high_suspect_score', 'elevated_suspect_score'])
  })

  it('VPN and proxy detections of low confidence do not count by default; without a confidence they do', () => {
    expect(assessRisk(eventWith({ proxy: true, proxyConfidence: 'low' })).verdict).toBe('allow')
    expect(assessRisk(eventWith({ vpn: true, vpnConfidence: 'low' })).verdict).toBe('allow')
    expect(assessRisk(eventWith({ proxy: true })).verdict).toBe('challenge')
    const anyConfidence = resolveRiskRules({ rules: { proxy: { minConfidence: 'low' } } })
    expect(codes(assessRisk(eventWith({ proxy: true, proxyConfidence: 'low' }), anyConfidence))).toEqual(['proxy'])
    const highOnly = resolveRiskRules({ rules: { vpn: { minConfidence: 'high' } } })
    expect(assessRisk(eventWith({ vpn: true, vpnConfidence: 'medium' }), highOnly).verdict).toBe('allow')
  })

  it('incognito alone or velocity under the limit does not fire incognito_high_velocity', () => {
    expect(codes(assessRisk(eventWith({ incognito: true, velocity: { events: { '1h': 9 } } })))).toEqual([])
    expect(codes(assessRisk(eventWith({ incognito: false, velocity: { events: { '1h': 10 } } })))).toEqual([])
    expect(codes(assessRisk(eventWith({ incognito: true })))).toEqual([])
  })

  it('velocity rules count the window the rules name', () => {
    const fiveMinutes = resolveRiskRules({ rules: { incognito_high_velocity: { window: '5m', minEvents: 3 } } })
    const signals: FingerprintSignals = { incognito: true, velocity: { events: { '5m': 3, '1h': 4 } } }
    expect(codes(assessRisk(eventWith(signals)))).toEqual([])
    const assessment = assessRisk(eventWith(signals), fiveMinutes)
    expect(codes(assessment)).toEqual(['incognito_high_velocity'])
    expect(assessment.reasons[0]?.message).toBe('Incognito browsing with 3 identifications in 5m (limit 3).')
  })
})

describe('assessRisk: score and verdict', () => {
  it('several challenge signals add up to block, with a risk_score reason first', () => {
    const assessment = assessRisk(eventWith({ emulator: true, clonedApp: true, rootApps: true }))
    // 100 × (1 − 0.4 × 0.4 × 0.6) = 90.4
    expect(assessment.score).toBe(90)
    expect(assessment.verdict).toBe('block')
    expect(codes(assessment)).toEqual(['risk_score', 'emulator', 'cloned_app', 'root_apps'])
    expect(assessment.reasons[0]).toMatchObject({
      verdict: 'block',
      message: expect.stringMatching(/score 90.*block threshold \(85\)/) as unknown,
    })
  })

  it('reasons are ordered strongest first: verdict, then weight, then rule order', () => {
    const assessment = assessRisk(eventWith({ datacenter: true, vpn: true, tor: true, bot: 'bad' }, replayed))
    expect(codes(assessment)).toEqual(['bad_bot', 'replayed', 'tor', 'vpn', 'datacenter'])
  })

  it('the suspect score feeds the score', () => {
    // 100 × (1 − 0.88 × 0.7) = 38.4, raised to the challenge floor
    expect(assessRisk(eventWith({ vpn: true, suspectScore: 12 })).score).toBe(75)
    // 100 × (1 − 0.7 × 0.8) = 44
    expect(
      assessRisk(
        eventWith({ datacenter: true, suspectScore: 30 }),
        resolveRiskRules({ rules: { elevated_suspect_score: false } }),
      ).score,
    ).toBe(44)
  })

  it('always: an integer 0 to 100, the verdict is the band of the score and at least every reason', () => {
    // Each key is absent or a boolean (requiredKeys: [] below).
    const signal = fc.boolean()
    const signals = fc.record(
      {
        bot: fc.constantFrom('not_detected', 'good', 'bad' as const),
        vpn: signal,
        proxy: signal,
        tor: signal,
        tampering: signal,
        incognito: signal,
        emulator: signal,
        frida: signal,
        clonedApp: signal,
        datacenter: signal,
        suspectScore: fc.double({ min: -10, max: 500, noNaN: true }),
        velocity: fc.record({ events: fc.record({ '1h': fc.nat(100) }) }),
      },
      { requiredKeys: [] },
    )
    const thresholds = fc
      .tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 100 }))
      .map(([a, b]) => ({ challenge: Math.min(a, b), block: Math.max(a, b) }))
    const rank = { allow: 0, challenge: 1, block: 2 }
    fc.assert(
      fc.property(signals, thresholds, (drawn, limits) => {
        const rules = resolveRiskRules({ thresholds: limits })
        const { verdict, score, reasons } = assessRisk(eventWith(drawn), rules)
        expect(Number.isInteger(score) && score >= 0 && score <= 100).toBe(true)
        expect(verdict).toBe(verdictForScore(score, rules.thresholds))
        for (const reason of reasons) expect(rank[verdict]).toBeGreaterThanOrEqual(rank[reason.verdict])
      }),
      { numRuns: 300 },
    )
  })
})

describe("assessRisk: the customer's own Fingerprint ruleset (rule_action)", () => {
  it('a ruleset that blocks is at least a challenge, and says which ruleset and rule', () => {
    const assessment = assessRisk(eventWith({}, blockedByRuleset))
    expect(assessment).toMatchObject({ verdict: 'challenge', score: 75 })
    expect(assessment.reasons).toEqual([
      {
        code: 'rule_action_block',
        verdict: 'challenge',
        message: 'Your Fingerprint ruleset rs_1 decided to block this request (rule r_2).',
      },
    ])
  })

  it('a ruleset that allows decides nothing', () => {
    expect(assessRisk(eventWith({}, { ruleAction: { type: 'allow', rulesetId: 'rs_1' } }))).toEqual({
      verdict: 'allow',
      score: 0,
      reasons: [],
    })
  })

  it('riskRules can make it block, or turn it off', () => {
    const blocks = resolveRiskRules({ rules: { rule_action_block: 'block' } })
    expect(assessRisk(eventWith({}, blockedByRuleset), blocks)).toMatchObject({ verdict: 'block', score: 85 })
    const off = resolveRiskRules({ rules: { rule_action_block: false } })
    expect(assessRisk(eventWith({}, blockedByRuleset), off).verdict).toBe('allow')
  })
})

describe('assessRisk: an event whose Smart Signals Fingerprint did not compute', () => {
  it('scores on what is not a Smart Signal only: replayed, the ruleset', () => {
    const partial = readFingerprintEvent({
      event_id: '1700000000000.event1',
      timestamp: 1,
      incremental_identification_status: 'partially_completed',
      bot: 'bad',
      suspect_score: 90,
      tampering: true,
    })
    expect(assessRisk(partial)).toEqual({ verdict: 'allow', score: 0, reasons: [] })
    const replayedPartial = readFingerprintEvent({
      event_id: '1700000000000.event1',
      timestamp: 1,
      incremental_identification_status: 'partially_completed',
      bot: 'bad',
      replayed: true,
    })
    expect(codes(assessRisk(replayedPartial))).toEqual(['replayed'])
  })
})

describe('assessRisk: overrides', () => {
  it('a rule given a stronger verdict decides it, with the matching score floor', () => {
    const vpnBlocks = resolveRiskRules({ rules: { vpn: 'block' } })
    expect(assessRisk(eventWith({ vpn: true }), vpnBlocks)).toMatchObject({ verdict: 'block', score: 85 })
  })

  it('a rule given a weaker verdict no longer decides on its own (its weight is capped below the next band)', () => {
    const botChallenges = resolveRiskRules({ rules: { bad_bot: 'challenge' } })
    expect(assessRisk(eventWith({ bot: 'bad' }), botChallenges)).toMatchObject({ verdict: 'challenge', score: 84 })
    const botInformational = resolveRiskRules({ rules: { bad_bot: 'allow' } })
    expect(assessRisk(eventWith({ bot: 'bad' }), botInformational)).toMatchObject({ verdict: 'allow', score: 74 })
  })

  it('score thresholds move the bands', () => {
    const strict = resolveRiskRules({ thresholds: { challenge: 15, block: 40 } })
    // an allow rule alone stays below the challenge band (20 capped to 14) ...
    expect(assessRisk(eventWith({ datacenter: true }), strict)).toMatchObject({ verdict: 'allow', score: 14 })
    // ... but with more evidence it crosses it: 100 × (1 − 0.9 × 0.86) = 22.6
    const withSuspectScore = assessRisk(eventWith({ datacenter: true, suspectScore: 10 }), strict)
    expect(withSuspectScore).toMatchObject({ verdict: 'challenge', score: 23 })
    expect(codes(withSuspectScore)).toEqual(['risk_score', 'datacenter'])
    expect(assessRisk(eventWith({ vpn: true }), strict)).toMatchObject({ verdict: 'challenge', score: 30 })
  })

  it('suspect score limits can be changed', () => {
    const rules = resolveRiskRules({ rules: { high_suspect_score: { minSuspectScore: 10 } } })
    expect(assessRisk(eventWith({ suspectScore: 12 }), rules).verdict).toBe('block')
  })

  it('the defaults are used when no rules are given, and never changed', () => {
    const before = JSON.stringify(defaultRiskRules)
    resolveRiskRules({ rules: { vpn: 'block' }, thresholds: { block: 99 } })
    expect(JSON.stringify(defaultRiskRules)).toBe(before)
    expect(assessRisk(eventWith({ vpn: true }))).toEqual(assessRisk(eventWith({ vpn: true }), defaultRiskRules))
  })
})

/**
 * The verdict of every webhook the tests use. These are the only pinned verdicts of real
 * webhooks: the other tests (the mapping, the bundle in the sandbox) compare with `assessRisk`.
 */
describe('assessRisk over real webhooks', () => {
  const officialVerdicts: Record<(typeof officialWebhookPaths)[number], string> = {
    'v3/webhook.json': 'block 99: bad_bot, location_spoofing, proxy, datacenter',
    'v3/webhook-latest.json': 'block 99: bad_bot, location_spoofing, proxy, datacenter',
    'v4/webhook.json': 'allow 20: datacenter',
    'v4/get_event_200.json': 'allow 20: datacenter',
    'v4/get_event_ruleset_200.json': 'challenge 75: rule_action_block, datacenter',
    'v4/get_event_with_bot_info_200.json': 'allow 20: datacenter',
  }
  const summary = ({ verdict, score, reasons }: RiskAssessment): string =>
    `${verdict} ${score}: ${reasons.map((reason) => reason.code).join(', ')}`

  it.each(officialWebhookPaths)('the official example %s', (path) => {
    expect(summary(assessRisk(readFingerprintEvent(officialFixture(path))))).toBe(officialVerdicts[path])
  })

  it('the v3 example is a selenium bot, the v4 example a low-confidence proxy from a datacenter', () => {
    expect(assessRisk(readFingerprintEvent(officialFixture('v3/webhook.json'))).reasons[0]?.message).toBe(
      'Fingerprint detected a malicious bot (selenium).',
    )
    expect(readFingerprintEvent(officialFixture('v4/webhook.json')).signals).toMatchObject({
      proxy: true,
      proxyConfidence: 'low',
    })
  })

  it.each([
    ['v3-browser-full-payload', 'block 99: bad_bot, location_spoofing, proxy, datacenter'],
    ['v4-browser-full-payload', 'allow 20: datacenter'],
    ['v4-ios-app', 'challenge 75: jailbroken, vpn'],
    ['v3-android-app', 'challenge 75: root_apps'],
  ])('the project fixture %s', (name, expected) => {
    expect(summary(assessRisk(readFingerprintEvent(projectFixture(name))))).toBe(expected)
  })

  it('the tampered Android app (frida, root, emulator, replayed) is blocked', () => {
    const assessment = assessRisk(readFingerprintEvent(projectFixture('v4-android-app')))
    expect(assessment).toMatchObject({ verdict: 'block', score: 100 })
    expect(codes(assessment)).toEqual(
      expect.arrayContaining([
        'tampering',
        'high_suspect_score',
        'replayed',
        'frida',
        'mitm_attack',
        'root_apps',
        'emulator',
        'cloned_app',
        'tor',
      ]),
    )
  })
})
