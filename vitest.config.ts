import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // The receiver's durability tests are a project of their own (`npm run test:durability`).
    projects: ['packages/*', 'packages/receiver/vitest.durability.config.ts', 'scripts'],
  },
})
