/** A short notice at the bottom of the page. */
export function showToast(message: string, tone: 'ok' | 'warn' | 'error'): void {
  const host = document.getElementById('toasts')
  if (!host) return
  const toast = document.createElement('div')
  toast.className = `toast ${tone}`
  toast.setAttribute('role', 'status')
  toast.textContent = message
  host.append(toast)
  setTimeout(() => toast.remove(), 5000)
}
