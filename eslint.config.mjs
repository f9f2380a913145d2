import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.tools/**',
      'test-results/**',
      'playwright-report/**',
      'demo/public/build/**',
      'examples/**',
      '.examples-work/**',
      '.examples-cache/**',
      'packages-packed/**',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.mjs', 'packages/*/*.mjs', 'scripts/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
    },
  },
  // Server code, scripts, tests and configs run in Node; the browser package and the demo's site in a browser.
  {
    files: [
      'packages/source-function/**',
      'packages/receiver/**',
      'packages/test-kit/**',
      'demo/src/server/**',
      'scripts/**',
      'e2e/**',
      '*.ts',
      '*.mjs',
      '**/*.config.*',
      '**/test/**',
      '**/bench/**',
    ],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['packages/browser/src/**', 'demo/src/site/**'],
    languageOptions: { globals: globals.browser },
  },
  // vitest's `expect(mock.method)` reads methods off objects on purpose; `expect.any()` is typed `any`.
  // Test doubles are async functions that answer at once.
  {
    files: ['**/*.test.ts', '**/*.test-d.ts', '**/test/**', '**/support/**'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  { files: ['**/*.mjs'], ...tseslint.configs.disableTypeChecked },
)
