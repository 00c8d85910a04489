// Who may import what (docs/adding-a-domain.md): apps go through repositories, shared libs never import a
// domain, contracts import no other lib, domains never import an app. test/repository/boundaries.spec.ts proves
// each rule fails on a breach.
const APPS_USE_REPOSITORIES =
  "Apps read and write through repositories (@relais/persistence or a domain's); only the database probes import TypeORM.";
const LIBS_IMPORT_NO_DOMAIN = {
  group: ['@relais/domains', '@relais/domains/*', '**/domains/**'],
  message: 'A shared lib never imports a domain: take what you need from DomainRegistry or from a parameter.',
};

/** Flat-config blocks enforcing the boundaries; eslint.config.mjs spreads them. */
export const boundaries = [
  {
    files: ['apps/**/*.ts'],
    ignores: ['**/*.spec.ts', 'apps/**/database-probe.ts', 'apps/**/database.health-indicator.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'typeorm', message: APPS_USE_REPOSITORIES }],
          patterns: [{ group: ['typeorm/*'], message: APPS_USE_REPOSITORIES }],
        },
      ],
    },
  },
  {
    files: ['libs/**/*.ts'],
    ignores: ['libs/contracts/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [LIBS_IMPORT_NO_DOMAIN] }] },
  },
  {
    files: ['libs/contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            LIBS_IMPORT_NO_DOMAIN,
            {
              group: ['@relais/*', '../../*/src/*', '!@relais/contracts', '!@relais/contracts/*'],
              message: 'Contracts are shared by every process and client: they import no other lib.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['domains/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/apps/**'],
              message: 'A domain never imports an app: move what both need into the domain or a lib.',
            },
          ],
        },
      ],
    },
  },
];
