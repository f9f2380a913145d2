import { defineProject } from 'vitest/config'
import { durabilityTests } from './vitest.durability.config.ts'

export default defineProject({
  // The workspace packages' sources (their `@fingerprint-segment/source` export condition), not their builds.
  resolve: { conditions: ['@fingerprint-segment/source', 'module', 'node', 'development|production'] },
  ssr: { resolve: { conditions: ['@fingerprint-segment/source', 'module', 'node', 'development|production'] } },
  test: {
    name: 'receiver',
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Wall-clock gaps, memory bounds, outages, child processes: the durability project (`npm run test:durability`).
    exclude: [durabilityTests],
  },
})
