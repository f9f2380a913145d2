import { defineProject } from 'vitest/config'

export default defineProject({
  test: { name: 'function-sandbox', environment: 'node', include: ['src/**/*.test.ts'] },
})
