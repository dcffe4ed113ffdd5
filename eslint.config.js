import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// The boundaries of style.md, enforced: shared imports nothing from server or web;
// web imports server code only as types; routes never touch SQL.
export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'data', 'test-output', 'bench/results'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use a string-literal union, not an enum.' },
      ],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**', '**/web/**', 'node:*', 'kysely', 'pg', 'fastify'],
              message:
                'src/shared runs in the browser and in Node: it imports nothing from server/ or web/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/web/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**'],
              allowTypeImports: true,
              message: 'web imports server code only as `import type`.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/server/**/*.routes.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/*.queries', 'kysely', 'pg', '**/db/database'],
              message: 'A route calls its service; SQL lives in *.queries.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/server/**/*.service.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./[a-z-]+/[a-z-]+\\.queries$',
              message: 'Across domains, call the other domain’s service, never its queries.',
            },
          ],
        },
      ],
    },
  },
);
