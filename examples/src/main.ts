// Runs one README example, chosen by `?example=`, the way an adopter's page would import it. The
// examples are the READMEs' snippets, copied verbatim into src/readme/ by the repository's check
// (`npm run examples` at the repository root).
const examples: Record<string, () => Promise<unknown>> = {
  // The v3 plugin (analytics.ts) and the v3 withSegment checkout, which imports it.
  'browser-v3': () => import('./readme/browser-v3/checkout.js'),
  // The v4 plugin (analytics.ts) and the v4 withSegment cart, which imports it.
  'browser-v4': () => import('./readme/browser-v4/cart.js'),
  // The v3 plugin registered with Hightouch Events' browser SDK, then a sign-in.
  hightouch: () => import('./readme/browser-v3/hightouch.js').then(({ htevents }) => htevents.identify('user-ht-1')),
}

const chosen = new URLSearchParams(location.search).get('example') ?? ''
const run = examples[chosen]
if (!run) throw new Error(`Unknown example ${JSON.stringify(chosen)}: one of ${Object.keys(examples).join(', ')}.`)
run().then(
  () => (document.body.dataset.example = 'done'),
  (error: unknown) => {
    document.body.dataset.example = 'failed'
    throw error
  },
)

export {}
