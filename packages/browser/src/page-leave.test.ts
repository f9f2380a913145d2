import { describe, expect, it, vi } from 'vitest'
import type { Identification } from './identification'
import { listenForPageLeave } from './page-leave'

function listening(hostDelay?: number) {
  const leave = vi.fn<(ms: number) => void>()
  const identification: Identification = { stampFor: vi.fn(), forget: vi.fn(), leave }
  listenForPageLeave(identification, () => hostDelay)
  return leave
}

describe('listenForPageLeave', () => {
  it('releases at once when a navigation starts, the page is hidden or goes away', () => {
    const leave = listening()
    dispatchEvent(new Event('beforeunload'))
    dispatchEvent(new Event('pagehide'))
    const hidden = vi.spyOn(document, 'hidden', 'get').mockReturnValue(true)
    document.dispatchEvent(new Event('visibilitychange'))
    hidden.mockReturnValue(false)
    document.dispatchEvent(new Event('visibilitychange')) // visible again: nothing to release
    expect(leave.mock.calls).toEqual([[0], [0], [0]])
    hidden.mockRestore()
  })

  it("after a click or a submission, releases within half of Analytics.js's navigation delay", () => {
    const defaults = listening()
    const custom = listening(100)
    document.body.dispatchEvent(new MouseEvent('click', { bubbles: true }))
    document.body.dispatchEvent(new Event('submit', { bubbles: true }))
    expect(defaults.mock.calls).toEqual([[150], [150]])
    expect(custom.mock.calls).toEqual([[50], [50]])
  })

  it("hears the click before the element's own listeners (trackLink navigates from there)", () => {
    const leave = listening()
    const link = document.createElement('a')
    document.body.append(link)
    let leftBeforeTheLinkHeard = false
    link.addEventListener('click', (event) => {
      leftBeforeTheLinkHeard = leave.mock.calls.length > 0
      event.stopPropagation()
    })
    link.click()
    expect(leftBeforeTheLinkHeard).toBe(true)
  })
})
