import { fileURLToPath } from 'node:url'
import { defineProject } from 'vitest/config'

/**
 * The repository's own checks: its tooling (packing, the examples matrix, the demo's picture, the
 * READMEs' settings tables and snippets) and the demo server's pure parts.
 */
export default defineProject({
  // The workspace packages' sources (their `@fingerprint-segment/source` export condition), not their builds.
  ssr: { resolve: { conditions: ['@fingerprint-segment/source', 'module', 'node', 'development|production'] } },
  test: {
    name: 'repository',
    environment: 'node',
    // Test files are looked for from the repository's root.
    dir: fileURLToPath(new URL('..', import.meta.url)),
    include: ['scripts/**/*.test.ts', 'demo/src/server/**/*.test.ts'],
  },
})
