import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'browser',
    environment: 'happy-dom',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'contract/**/*.test.ts'],
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'] },
  },
})
