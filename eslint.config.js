// ESLint: correctness rules only. Layout belongs to Prettier (.prettierrc.json), so eslint-config-prettier comes
// after the rules and turns off every one that would argue with it; only max-len returns, for comments. Run with
// `npm run lint`; `npm test` runs it first.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import prettier from 'eslint-config-prettier/flat';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['node_modules/', 'data/', 'test-results/', 'coverage/']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    name: 'hotline/rules',
    rules: {
      // `_` marks a parameter a signature requires but the body does not use; a rest sibling drops a field on
      // purpose (`const { secret: _, ...safe } = row`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // An empty catch that says why in a comment is a decision (e.g. a best-effort cleanup); a silent one is not.
      'no-empty': ['error', { allowEmptyCatch: false }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'prefer-const': ['error', { destructuring: 'all' }],
    },
  },
  {
    name: 'hotline/tests-and-benchmarks',
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // Tests and benchmarks read the API's JSON answers and poke at rows untyped; the assertions are the types
      // there, and typing each body would add ~280 declarations that check nothing the assertions do not.
      '@typescript-eslint/no-explicit-any': 'off',
      // chai's property assertions (`expect(x).to.be.true`) are expressions by design.
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  prettier,
  {
    // After eslint-config-prettier, which turns max-len off: Prettier wraps code at 120 but neither comments nor
    // strings and template literals, so this holds those to 120 too (a long one is split with `+`). A line holding
    // a URL or a regular expression is let through, as neither can be split without losing its meaning. Core
    // max-len is deprecated in favour of @stylistic/max-len but stays available until ESLint 11.
    name: 'hotline/max-len',
    rules: {
      'max-len': [
        'error',
        {
          code: 120,
          tabWidth: 2,
          ignoreUrls: true,
          ignoreRegExpLiterals: true,
        },
      ],
    },
  },
);
