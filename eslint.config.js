// ESLint flat config: JavaScript and typescript-eslint recommended rules over the sources, tests and scripts.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-artifacts/', 'bench/results/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      // `_name` marks a parameter a signature needs but the body does not
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // the extension pages' CSP forbids it anyway; keep it out of the core and the CLI too
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    // the extension: browser globals; browser APIs come from webextension-polyfill, never `chrome.*` (the content
    // script only reads `browser` or `chrome` through src/content/extension-api.ts, for its size)
    files: ['src/background/**', 'src/content/**', 'src/popup/**', 'src/options/**', 'src/runtime/**', 'src/settings/**', 'src/messages.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-globals': ['error', { name: 'chrome', message: "use `import browser from 'webextension-polyfill'`" }],
    },
  },
  {
    // the core runs in the browser and in Node alike: no Node built-ins, no browser APIs beyond the shared globals
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['node:*'], message: 'src/core must not use Node built-ins' }] }],
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', 'require', '__dirname', 'chrome', 'browser', 'document', 'window'].map((name) => ({
          name,
          message: 'src/core is pure TypeScript shared by the extension and the CLI',
        })),
      ],
    },
  },
  {
    files: ['src/cli/**', 'scripts/**', 'test/**', 'bench/**', '*.config.{js,ts}'],
    languageOptions: { globals: { ...globals.node } },
  },
);
