import { defineProject } from 'vitest/config'

/**
 * The receiver's durability tests: the ones that need wall-clock gaps (Retry-After, header and idle
 * timeouts), memory bounds, long outages, child processes killed, stopped or starved of descriptors,
 * full disks and damaged files. `npm run test:durability` runs them; `npm test` and CI too;
 * `npm run test:unit` leaves them out so it stays fast and deterministic.
 */
export const durabilityTests = 'test/**/*.durability.test.ts'

export default defineProject({
  resolve: { conditions: ['@fingerprint-segment/source', 'module', 'node', 'development|production'] },
  ssr: { resolve: { conditions: ['@fingerprint-segment/source', 'module', 'node', 'development|production'] } },
  test: {
    name: 'receiver-durability',
    environment: 'node',
    include: [durabilityTests],
    // Their child processes, sockets and timings: one file at a time, on a shared 2-core machine.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
})
