import type { Analytics } from '@segment/analytics-next'

declare global {
  interface Window {
    /** The demo page's loaded Analytics.js instance (see demo/src/site/main.ts). */
    analytics?: Analytics
  }
}
