import neostandard from 'neostandard'
import tseslint from 'typescript-eslint'

/** Node's I/O modules, by either name. */
const NODE_IO = ['node:*', 'fs', 'fs/*', 'path', 'os', 'http', 'https', 'http2', 'net', 'tls', 'dgram', 'dns', 'child_process', 'worker_threads', 'sqlite']
/** What the library layers must not reach: the HTTP layer, the demo, the server, its config, the CLI. */
const OUTER_LAYERS = '^(\\.\\./)+(http|demo)(/|$)|^(\\.\\./)+(server|server-entry|config|cli)\\.ts$'

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
  // Layers: imports point inward (http, server, cli, demo -> health, export, persist, collect,
  // logger -> trading, analysis -> core). ESLint applies the last matching `no-restricted-imports`
  // to a file, so each folder below has exactly one entry.
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: NODE_IO, message: 'core/ is pure: no I/O.' },
          { regex: '^\\.\\./', message: 'core/ imports nothing of ours outside core/.' }
        ]
      }]
    }
  },
  {
    files: ['src/trading/**/*.ts', 'src/analysis/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: NODE_IO, message: 'trading/ and analysis/ are pure: no I/O.' },
          { regex: '^\\.\\./(?!core/)', message: 'trading/ and analysis/ import core/ only.' }
        ]
      }]
    }
  },
  {
    files: ['src/collect/**/*.ts', 'src/health/**/*.ts', 'src/export/**/*.ts', 'src/persist/**/*.ts', 'src/logger/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: OUTER_LAYERS, message: 'The library layers never import http/, demo/, the server, the config or the CLI.' }
        ]
      }]
    }
  },
  {
    files: ['src/index.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: '^\\./(http|persist|demo)/|^\\./(server|server-entry|config|cli)\\.ts$', message: 'The library entry loads no HTTP, persistence, demo or server: they have entries of their own.' }
        ]
      }]
    }
  },
  {
    files: ['src/demo/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: '^\\.\\./(?!index\\.ts$)', message: 'demo/ drives only the public library entry (src/index.ts).' }
        ]
      }]
    }
  }
]
