import neostandard from 'neostandard'
import tseslint from 'typescript-eslint'

export default [
  { ignores: ['dist/**', 'node_modules/**', 'web/dist/**', 'coverage/**', 'data/**'] },
  ...neostandard({ ts: true }),
  {
    files: ['**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname }
    },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      // A dropped promise loses data silently.
      '@typescript-eslint/no-floating-promises': ['error', {
        // node:test reports a test's failure itself; its returned promise is not data.
        allowForKnownSafeCalls: [{ from: 'package', name: ['test', 'it', 'describe', 'suite'], package: 'node:test' }]
      }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // `void promise` is how a deliberately unawaited promise is marked.
      'no-void': ['error', { allowAsStatement: true }],
      // `as const` object + type of the same name is the erasable-syntax enum.
      '@typescript-eslint/no-redeclare': 'off',
      'no-restricted-syntax': ['error', {
        selector: 'ExportAllDeclaration',
        message: 'Name every export: no export *.'
      }]
    }
  },
  {
    // core stays pure: no I/O, nothing outside core.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'path', 'os', 'http', 'net', 'child_process'], message: 'core/ is pure: no I/O.' },
          { group: ['../*', '!../core/*'], message: 'core/ imports nothing outside core/.' }
        ]
      }]
    }
  },
  {
    // analysis is pure too: it reads points handed to it and may use core only.
    files: ['src/analysis/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'path', 'os', 'http', 'net', 'child_process'], message: 'analysis/ is pure: no I/O.' },
          { regex: '^\\.\\./(?!core/)', message: 'analysis/ imports core/ only.' }
        ]
      }]
    }
  },
  {
    files: ['src/trading/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'path', 'os', 'http', 'net'], message: 'trading/ is pure: no I/O.' }
        ]
      }]
    }
  }
]
