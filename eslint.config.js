import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const botbuilderBan = {
  'no-restricted-imports': ['error', {
    patterns: [{ group: ['botbuilder', 'botbuilder-*', 'botframework-*'],
      message: 'The core (lead, nlu, scoring, script model) must not depend on botbuilder: only adapters/ and the dialog compiler may.' }],
  }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', 'test-results/**', 'adapters/web/public/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['bot/lead/**', 'bot/nlu/**', 'bot/scoring/**', 'bot/reports/**', 'dialogs/engine/**'], rules: botbuilderBan },
  { files: ['adapters/web/widget/**'], languageOptions: { globals: { window: 'readonly', document: 'readonly' } } },
  { files: ['adapters/console/client/**'], languageOptions: { globals: { window: 'readonly', document: 'readonly', location: 'readonly', history: 'readonly' } } },
);
