import type { Analytics } from '@segment/analytics-next'

declare global {
  interface Window {
    /** The demo page's loaded Analytics.js instance (see demo/src/site/main.ts). */
    analytics?: Analytics
    /** On `/lab.html?...&wrapper=consent-tools`: the visitor consents to `category` (see demo/src/site/lab.ts). */
    grantConsent?: (category: string) => void
  }
}
