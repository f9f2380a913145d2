import { describe, expect, it, vi } from 'vitest'
import { listenForPageLeave } from './page-leave'

function listening(hostDelay?: number) {
  const leave = vi.fn<(ms: number) => void>()
  const analytics = { user: vi.fn(), group: vi.fn(), settings: hostDelay === undefined ? {} : { timeout: hostDelay } }
  listenForPageLeave(leave, analytics, [])
  return leave
}

describe('listenForPageLeave', () => {
  it('releases at once when a navigation starts or the page is hidden (pagehide keeps them instead)', () => {
    const leave = listening()
    dispatchEvent(new Event('beforeunload'))
    const hidden = vi.spyOn(document, 'hidden', 'get').mockReturnValue(true)
    document.dispatchEvent(new Event('visibilitychange'))
    hidden.mockReturnValue(false)
    document.dispatchEvent(new Event('visibilitychange')) // visible again: nothing to release
    dispatchEvent(new Event('pagehide'))
    dispatchEvent(new Event('pageshow'))
    expect(leave.mock.calls).toEqual([[0], [0]])
    hidden.mockRestore()
  })

  it('does not release the events pagehide kept when the page is then hidden, until it is shown again', () => {
    const leave = listening()
    const hidden = vi.spyOn(document, 'hidden', 'get').mockReturnValue(true)
    dispatchEvent(new Event('pagehide'))
    document.dispatchEvent(new Event('visibilitychange'))
    expect(leave).not.toHaveBeenCalled()
    dispatchEvent(new Event('pageshow')) // back from the back/forward cache
    document.dispatchEvent(new Event('visibilitychange'))
    expect(leave.mock.calls).toEqual([[0]])
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
