// The Fingerprint stand-in's Smart Signals reach Segment through both webhook formats: an ordinary
// visit versus the demo's "risky device" switch (a VPN exit in a data centre, a tampered browser).
import { agentVersions, eventually, expect, test } from './demo-fixtures'

for (const agent of agentVersions) {
  test(`Smart Signals of a risky device reach the Identify context, ${agent} webhooks`, async ({
    page,
    demo,
    pageErrors,
  }) => {
    await page.goto(agent === 'v4' ? '/?agent=v4&risk=high' : '/?risk=high')
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true')
    const anonymousId = (await page.evaluate(() => window.analytics?.user().anonymousId())) ?? ''

    const identify = await eventually('the Identify of the risky visit', async () =>
      (await demo.callsFor(anonymousId)).find((call) => call.type === 'identify'),
    )
    expect(identify.payload.context).toMatchObject({
      ip: '198.51.100.77',
      location: { city: 'Singapore', country: 'Singapore' },
      fingerprint: {
        // The Server API's event (v4), whichever webhook format notified the function.
        webhookFormat: 'v4',
        signals: {
          vpn: true,
          vpnConfidence: 'high',
          datacenter: true,
          tampering: true,
          antiDetectBrowser: true,
          virtualMachine: true,
        },
      },
    })
    const fingerprint = (
      identify.payload.context as { fingerprint: { signals: { suspectScore: number }; risk?: { verdict: string } } }
    ).fingerprint
    expect(fingerprint.signals.suspectScore).toBeGreaterThanOrEqual(20)
    expect(fingerprint.risk?.verdict).toMatch(/^(challenge|block)$/)
    await expect(
      page.locator('[data-testid="function-call"][data-type="identify"]').getByText('VPN', { exact: true }).first(),
    ).toBeVisible()
    await expect(page.locator('a[data-risk]')).toHaveText('Risky device: on')
    expect(pageErrors).toEqual([])
  })
}
