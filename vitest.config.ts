import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      'packages/*',
      // The receiver's durability tests are a project of their own (`npm run test:durability`).
      'packages/receiver/vitest.durability.config.ts',
      // The repository's own checks; its root is this folder, so it is declared inline (a path to its
      // config file, a project rooted where this config is, is left out by vitest).
      { extends: './scripts/vitest.config.ts' },
    ],
  },
})
