import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'source-function',
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts', 'test/**/*.test-d.ts'] },
    globalSetup: ['test/build-bundle.global-setup.ts'],
  },
})
