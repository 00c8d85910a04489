// ESLint 9 flat config: typescript-eslint's strict, type-checked rules on the TypeScript of apps, libs, test and
// bench; Prettier owns formatting (eslint-config-prettier turns off the rules that would fight it).
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';
import { boundaries } from './eslint.boundaries.mjs';

export default defineConfig(
  globalIgnores(['**/dist/', '**/node_modules/', '**/coverage/', 'data/', 'bench/results/']),
  {
    // The dashboard (apps/dashboard, React) is linted by the same rules, with its own tsconfig (DOM, JSX).
    files: ['{apps,libs,domains,test,bench}/**/*.ts', 'apps/dashboard/**/*.tsx'],
    extends: [eslint.configs.recommended, tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A promise nobody awaits loses its error (CONVENTIONS.md, "Async").
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // Nest modules are classes that only carry decorators; a flow without parameters has an empty params class.
      '@typescript-eslint/no-extraneous-class': ['error', { allowWithDecorator: true, allowEmpty: true }],
      // Entities and DTOs are data-only classes: TypeORM and class-transformer take plain objects for them, and
      // code builds and spreads them as plain objects.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      '@typescript-eslint/no-misused-spread': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // `socket.on('close', () => resolve())` is idiomatic; `const x = voidCall()` is still caught.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // `${count} runs` reads better than `${String(count)} runs`.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    rules: {
      // expect(mock.method).toHaveBeenCalled() passes methods around unbound on purpose.
      '@typescript-eslint/unbound-method': 'off',
      // A test may assert what it just arranged.
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  ...boundaries,
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [eslint.configs.recommended],
    languageOptions: {
      globals: {
        module: 'writable',
        require: 'readonly',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
  },
  prettier,
);
