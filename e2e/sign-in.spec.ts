// Issue 4, scenarios 2 and 8, and issue 5's forged userId: signing in with and without a proof.
import { agentVersions, eventually, expect, openDemo, stampedPageEvent, test } from './demo-fixtures'

interface SignInAnswer {
  userId: string
  traits: { email: string; name: string }
  identityProof?: string
}

for (const agent of agentVersions) {
  test.describe(`sign-in, ${agent} agent`, () => {
    test('analytics.identify with a server-minted proof: a new identification and a verified Identify', async ({
      page,
      demo,
      pageErrors,
    }) => {
      const anonymousId = await openDemo(page, agent)
      const { visitorId } = await stampedPageEvent(demo, anonymousId)
      await expect.poll(async () => (await demo.identifications(visitorId)).length).toBe(1)

      await page.getByLabel('Email').fill('grace@lumen.example')
      await page.getByLabel('Name').fill('Grace Hopper')
      const [signInResponse] = await Promise.all([
        page.waitForResponse('**/api/sign-in'),
        page.getByRole('button', { name: 'Sign in', exact: true }).click(),
      ])
      const answer = (await signInResponse.json()) as SignInAnswer
      expect(answer.identityProof).toBeTruthy()

      // A new identification, carrying the userId, traits and proof in its tag.
      const identification = await eventually('a second identification for the signed-in user', async () =>
        (await demo.identifications(visitorId)).find((entry) => JSON.stringify(entry.tag).includes(answer.userId)),
      )
      expect(identification.tag).toMatchObject({
        integrations: {
          segment: { anonymousId, identityProof: answer.identityProof, identify: { userId: answer.userId } },
        },
      })
      expect(await demo.identifications(visitorId)).toHaveLength(2)

      const identify = await eventually('an Identify with the userId', async () =>
        (await demo.callsFor(anonymousId)).find(
          (call) => call.type === 'identify' && call.payload.userId === answer.userId,
        ),
      )
      expect(identify.payload.traits).toMatchObject({ email: 'grace@lumen.example', name: 'Grace Hopper', visitorId })
      expect(identify.payload.context).toMatchObject({ fingerprint: { identityVerified: true } })

      // Analytics.js's own identify event is stamped with the new identification.
      await expect
        .poll(async () => (await demo.browserEvents(anonymousId)).find((event) => event.type === 'identify')?.requestId)
        .toBe(identification.requestId)
      await expect(page.getByTestId('identity-user')).toContainText(answer.userId)
      expect(pageErrors).toEqual([])
    })

    test('a forged userId without proof never reaches Segment as userId (identitySecret set)', async ({
      page,
      demo,
      pageErrors,
    }) => {
      const anonymousId = await openDemo(page, agent)
      const { visitorId } = await stampedPageEvent(demo, anonymousId)

      await page.getByRole('button', { name: 'Try a forged sign-in' }).click()

      const identification = await eventually('an identification claiming usr_ceo', async () =>
        (await demo.identifications(visitorId)).find((entry) => JSON.stringify(entry.tag).includes('usr_ceo')),
      )
      expect(JSON.stringify(identification.tag)).not.toContain('identityProof')
      const runs = await eventually('the function answered that webhook', async () => {
        const found = await demo.runsFor(identification.requestId)
        return found.length > 0 ? found : undefined
      })
      const calls = runs.flatMap((run) => run.calls)
      expect(calls.length).toBeGreaterThan(0)
      for (const call of calls) {
        expect(call.payload.userId).toBeUndefined()
        expect(call.payload.anonymousId).toBe(anonymousId)
      }
      const identify = calls.find((call) => call.type === 'identify')
      expect(identify?.payload.context).toMatchObject({
        fingerprint: { identityVerified: false, claimedUserId: 'usr_ceo' },
      })

      // Nothing forwarded to Segment by the function carries the forged userId.
      const messageIds = new Set(calls.map((call) => call.payload.messageId))
      await expect
        .poll(async () => (await demo.forwardedEvents()).filter((event) => messageIds.has(event.messageId)).length)
        .toBe(calls.length)
      expect((await demo.forwardedEvents()).some((event) => event.userId === 'usr_ceo')).toBe(false)
      expect(pageErrors).toEqual([])
    })
  })
}
