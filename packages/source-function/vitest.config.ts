import { defineProject } from 'vitest/config'

export default defineProject({
  // The workspace packages' sources (their `@fingerprint-segment/source` export condition), not their builds.
  resolve: { conditions: ['@fingerprint-segment/source', 'module', 'node', 'development|production'] },
  ssr: { resolve: { conditions: ['@fingerprint-segment/source', 'module', 'node', 'development|production'] } },
  test: {
    name: 'source-function',
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'] },
    globalSetup: ['test/rebuild-bundle.global-setup.ts'],
  },
})
