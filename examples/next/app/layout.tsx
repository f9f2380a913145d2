// The adopter's root layout: the README's AnalyticsPageViews (next/app/analytics-page-views.tsx, written
// by the check from packages/browser/README.md) loads Analytics.js and the agent in the browser only.
import type { ReactNode } from 'react'
import { AnalyticsPageViews } from './analytics-page-views'

export const metadata = { title: 'fingerprint-segment with Next.js' }

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <AnalyticsPageViews />
        {children}
      </body>
    </html>
  )
}
