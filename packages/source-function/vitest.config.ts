import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'source-function',
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/build-bundle.global-setup.ts'],
  },
})
