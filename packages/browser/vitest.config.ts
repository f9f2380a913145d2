import { defineProject } from 'vitest/config'

export default defineProject({
  // The workspace packages' `exports` send `@fingerprint-segment/source` to their TypeScript sources
  // (as tsconfig.base.json's `customConditions` does), so the tests run the sources, not a build. The
  // others are Vite's default conditions for a browser environment (happy-dom), which a list replaces.
  resolve: { conditions: ['@fingerprint-segment/source', 'module', 'browser', 'development|production'] },
  test: {
    name: 'browser',
    environment: 'happy-dom',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'contract/**/*.test.ts'],
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'] },
  },
})
