/**
 * What the visitor does on the product page, and how each action reaches Segment:
 *
 * - sign in: the site's backend mints an identity proof, then `analytics.identify()`; the plugin
 *   identifies again (the identity changed) and sends the userId, traits and proof to the server;
 * - forged sign-in: `analytics.identify()` with someone else's userId and no proof (what an attacker
 *   can do in the console); the function must not attach the device to that user;
 * - upgrade plan: the wrapped `fp.get()` with a `track` spec (a server-confirmed `Plan Upgraded`);
 * - join a team: the wrapped `fp.get()` with a `group` spec;
 * - apply a coupon: the wrapped `fp.get()` with `skipIntegration` (a fraud check Segment must not see).
 */
import type { Analytics } from '@segment/analytics-next'
import type { SegmentIntegration, SegmentTag } from '@fingerprint-segment/browser'
import { withSegment } from '@fingerprint-segment/browser/with-segment'
import type { LoadingAgent } from './fingerprint-agent'
import { chosenPlan, plans, saveChosenPlan } from './chosen-plan'
import { currentIdentityProof, currentUser, forgetUser, saveUser, type SignedInUser } from './identity-session'
import { showToast } from './toast'

/** `get()` of the wrapped agent, whatever its version: resolves to the identification's request id. */
type WrappedGet = (tag: SegmentTag, linkedId?: string) => Promise<string>

function wrappedAgent(loading: LoadingAgent, analytics: Analytics): () => Promise<WrappedGet> {
  const options = { timeout: 1000, identityProof: currentIdentityProof }
  let wrapped: Promise<WrappedGet> | undefined
  return () => {
    wrapped ??= (async (): Promise<WrappedGet> => {
      if (loading.version === 'v4') {
        const agent = withSegment(await loading.agent, analytics, options)
        return async (tag, linkedId) => (await agent.get(linkedId === undefined ? { tag } : { tag, linkedId })).event_id
      }
      const agent = withSegment(await loading.agent, analytics, options)
      return async (tag, linkedId) => (await agent.get(linkedId === undefined ? { tag } : { tag, linkedId })).requestId
    })()
    // A failed load is retried at the next click.
    wrapped.catch(() => (wrapped = undefined))
    return wrapped
  }
}

const segmentTag = (segment: SegmentIntegration, extra: Record<string, unknown> = {}): SegmentTag => ({
  ...extra,
  integrations: { segment },
})

function element<T extends HTMLElement>(id: string, kind: new () => T): T {
  const found = document.getElementById(id)
  if (!(found instanceof kind)) throw new Error(`#${id} is missing from the page.`)
  return found
}

/** A form field's text (a file input would give a File). */
function formText(value: FormDataEntryValue | null): string {
  return typeof value === 'string' ? value : ''
}

/** Wires the page's buttons and forms. */
export function wireProductActions(analytics: Analytics, loading: LoadingAgent): void {
  const fp = wrappedAgent(loading, analytics)
  let plan = chosenPlan()

  /** The current plan in the hero, and its button as "Current plan". */
  const renderPlan = () => {
    element('current-plan', HTMLElement).textContent = plans[plan]?.name ?? plan
    for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-plan]')) {
      const current = button.dataset.plan === plan
      // The Free plan has no action: it is where everyone starts.
      button.disabled = current || button.dataset.upgrade === undefined
      button.textContent = current ? 'Current plan' : (button.dataset.label ?? '')
    }
  }

  /** Runs an action, turning any failure into a toast (nothing is thrown into the page). */
  const guarded = (button: HTMLButtonElement, action: () => Promise<void>) => (): void => {
    button.disabled = true
    action()
      .catch((error: unknown) => {
        showToast(`Could not complete that: ${error instanceof Error ? error.message : String(error)}`, 'error')
      })
      .finally(() => {
        button.disabled = false
        renderPlan()
      })
  }

  const renderAccount = () => {
    const user = currentUser()
    document.body.dataset.signedIn = user ? 'true' : 'false'
    element('account-name', HTMLElement).textContent = user ? user.traits.name : ''
    element('signed-in-name', HTMLElement).textContent = user ? `${user.traits.name} (${user.userId})` : ''
    element('account-proof', HTMLElement).textContent = user
      ? user.identityProof
        ? 'verified session'
        : 'no identity proof'
      : ''
    element('account-proof', HTMLElement).className = `proof-badge ${user?.identityProof ? 'ok' : 'warn'}`
    element('account-avatar', HTMLElement).textContent = user ? user.traits.name.slice(0, 1).toUpperCase() : ''
  }

  const signIn = async (user: SignedInUser) => {
    saveUser(user)
    renderAccount()
    // A new userId: the plugin runs a new identification carrying the userId, traits and proof.
    await analytics.identify(user.userId, user.traits)
  }

  const signInForm = element('sign-in-form', HTMLFormElement)
  const signInButton = element('sign-in-submit', HTMLButtonElement)
  signInForm.addEventListener('submit', (event) => {
    event.preventDefault()
    const data = new FormData(signInForm)
    guarded(signInButton, async () => {
      const response = await fetch('/api/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        // The proof is bound to this browser's anonymousId: copied into another browser, it is refused.
        body: JSON.stringify({
          email: data.get('email'),
          name: data.get('name'),
          anonymousId: analytics.user().anonymousId(),
        }),
      })
      const answer = (await response.json()) as SignedInUser & { error?: string }
      if (!response.ok) throw new Error(answer.error ?? `sign-in failed (${response.status})`)
      await signIn({
        userId: answer.userId,
        traits: answer.traits,
        identityProof: answer.identityProof,
        expiresAt: answer.expiresAt,
      })
      showToast(`Signed in as ${answer.traits.name}`, 'ok')
    })()
  })

  const forgedButton = element('forged-sign-in', HTMLButtonElement)
  forgedButton.addEventListener(
    'click',
    guarded(forgedButton, async () => {
      // No call to /api/sign-in: the userId is typed in by the visitor, so there is no proof.
      await signIn({ userId: 'usr_ceo', traits: { email: 'ceo@lumen.example', name: 'The CEO (forged)' } })
      showToast('Claimed usr_ceo without a proof: watch the server side', 'warn')
    }),
  )

  const signOutButton = element('sign-out', HTMLButtonElement)
  signOutButton.addEventListener(
    'click',
    guarded(signOutButton, async () => {
      forgetUser()
      analytics.reset()
      renderAccount()
      await analytics.page()
      showToast('Signed out', 'ok')
    }),
  )

  for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-upgrade]')) {
    button.addEventListener(
      'click',
      guarded(button, async () => {
        const target = button.dataset.upgrade ?? 'pro'
        const details = plans[target] ?? { name: target, price: 0 }
        const previousPlan = plan
        await analytics.track('Upgrade Clicked', { plan: target })
        const get = await fp()
        const requestId = await get(
          segmentTag({
            track: {
              event: 'Plan Upgraded',
              properties: {
                plan: target,
                previousPlan,
                price: details.price,
                currency: 'USD',
                billingCycle: 'monthly',
              },
            },
          }),
        )
        plan = target
        saveChosenPlan(plan)
        showToast(`Upgraded to ${details.name} · identification ${requestId}`, 'ok')
      }),
    )
  }

  const teamForm = element('team-form', HTMLFormElement)
  const teamButton = element('join-team', HTMLButtonElement)
  teamForm.addEventListener('submit', (event) => {
    event.preventDefault()
    const data = new FormData(teamForm)
    const teamId = formText(data.get('team')) || 'team_design'
    const option = teamForm.querySelector<HTMLOptionElement>(`option[value="${CSS.escape(teamId)}"]`)
    const teamName = option?.textContent ?? teamId
    guarded(teamButton, async () => {
      await analytics.track('Team Joined', { teamId })
      const get = await fp()
      const requestId = await get(
        segmentTag({ group: { groupId: teamId, traits: { name: teamName, plan: 'business' } } }),
      )
      showToast(`Joined ${teamName} · identification ${requestId}`, 'ok')
    })()
  })

  const couponForm = element('coupon-form', HTMLFormElement)
  const couponButton = element('apply-coupon', HTMLButtonElement)
  couponForm.addEventListener('submit', (event) => {
    event.preventDefault()
    const coupon = formText(new FormData(couponForm).get('coupon')).trim() || 'WELCOME20'
    guarded(couponButton, async () => {
      const get = await fp()
      // The site's own fraud check (one welcome coupon per device): Segment must not see it.
      const requestId = await get(
        segmentTag({ skipIntegration: true }, { purpose: 'coupon-check' }),
        `coupon-${coupon}`,
      )
      await analytics.track('Coupon Applied', { coupon })
      showToast(`Coupon ${coupon} checked against this device · identification ${requestId}`, 'ok')
    })()
  })

  renderAccount()
  renderPlan()
}
