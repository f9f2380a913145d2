import { defineProject } from 'vitest/config'

/** The repository's own checks: the READMEs' settings tables and snippets. */
export default defineProject({
  test: { name: 'repository', environment: 'node', include: ['**/*.test.ts'] },
})
