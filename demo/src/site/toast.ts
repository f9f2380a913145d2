/** How long a notice stays. */
const shownForMs = 6000

/**
 * A short notice in the panel's notice slot, under its buttons: it takes its own room there, so it
 * never covers a button; the latest two stay.
 */
export function showToast(message: string, tone: 'ok' | 'warn' | 'error'): void {
  const host = document.getElementById('toasts')
  if (!host) return
  const toast = document.createElement('div')
  toast.className = `toast ${tone}`
  toast.setAttribute('role', 'status')
  toast.textContent = message
  host.prepend(toast)
  while (host.children.length > 2) host.lastElementChild?.remove()
  setTimeout(() => toast.remove(), shownForMs)
}
