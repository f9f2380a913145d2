import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      'packages/*',
      // The repository's own tooling (packing, the examples matrix, the demo's picture) and the demo server's pure parts.
      {
        test: {
          name: 'repository',
          environment: 'node',
          include: ['scripts/**/*.test.ts', 'demo/src/server/**/*.test.ts'],
        },
      },
    ],
  },
})
