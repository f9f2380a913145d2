// Issue 14: the live panel is in view without scrolling, stays in view while the page scrolls, and
// nothing scrolls sideways, on a laptop, a small laptop and a phone. Issue 19: in risky mode, whose
// reasons are the longest pills, every pill wraps inside its card and every verdict can be read.
import { expect, test } from './demo-fixtures'
import type { Page } from '@playwright/test'

const sizes = [
  { name: 'laptop', width: 1280, height: 800 },
  { name: 'small laptop', width: 1024, height: 768 },
  { name: 'phone', width: 390, height: 844 },
] as const

/** How much of the panel's heading row is inside the viewport (1: all of it). */
async function panelHeadingInView(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const heading = document.querySelector('.panel-header')?.getBoundingClientRect()
    if (!heading) return false
    return heading.top >= 0 && heading.bottom <= innerHeight && heading.left >= 0 && heading.right <= innerWidth
  })
}

for (const size of sizes) {
  test(`layout, ${size.name} (${size.width}x${size.height}): the panel in view, no horizontal scroll`, async ({
    page,
    pageErrors,
  }) => {
    await page.setViewportSize({ width: size.width, height: size.height })
    await page.goto('/')
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true')
    await expect(page.locator('[data-testid="function-call"]').first()).toBeVisible()

    expect(await panelHeadingInView(page), 'the panel heading is in view on arrival').toBe(true)
    await expect(page.getByRole('button', { name: 'Replay last webhook' })).toBeInViewport()
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    )
    expect(overflow, 'pixels the page scrolls sideways').toBeLessThanOrEqual(0)

    // Scrolled to the end of the product page, the panel is still there.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight))
    await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0)
    expect(await panelHeadingInView(page), 'the panel heading is in view after scrolling the page').toBe(true)
    expect(pageErrors).toEqual([])
  })
}

/** The pills that stick out of their card (its padding box), by their text. */
async function pillsOutsideTheirCard(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('.card .pill')).flatMap((pill) => {
      const card = pill.closest('.card')?.getBoundingClientRect()
      const box = pill.getBoundingClientRect()
      return card && (box.left < card.left || box.right > card.right) ? [pill.textContent] : []
    }),
  )
}

for (const size of sizes) {
  test(`layout, ${size.name} (${size.width}x${size.height}), risky device: pills wrap in their cards, every verdict readable`, async ({
    page,
    pageErrors,
  }) => {
    await page.setViewportSize({ width: size.width, height: size.height })
    await page.goto('/?risk=high')
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true')
    // A second identification (a sign-in), so the panel holds two risky Identify calls.
    await page.getByRole('button', { name: 'Sign in', exact: true }).click()
    const verdicts = page.getByTestId('risk-verdict')
    await expect(verdicts).toHaveCount(2)
    await expect(page.getByTestId('risk-reasons').first()).toContainText('vpn')

    expect(await pillsOutsideTheirCard(page), 'pills wider than their card').toEqual([])
    const panelOverflow = await page.evaluate(() => {
      const panel = document.querySelector('.panel')
      return panel ? panel.scrollWidth - panel.clientWidth : Number.NaN
    })
    expect(panelOverflow, 'pixels the panel scrolls sideways').toBeLessThanOrEqual(0)
    for (const verdict of await verdicts.all()) {
      // Within the panel's own scroll (a sheet on a phone), each verdict comes fully into view. The
      // panel draws its cards anew for every activity, and a late one (the sign-in's page event, a
      // webhook delivery) can replace the card mid-scroll: tried again on the new card, within 10 s.
      await expect(async () => {
        await verdict.scrollIntoViewIfNeeded({ timeout: 1_000 })
        await expect(verdict).toBeInViewport({ ratio: 1, timeout: 1_000 })
      }).toPass({ timeout: 10_000 })
    }
    expect(pageErrors).toEqual([])
  })
}
