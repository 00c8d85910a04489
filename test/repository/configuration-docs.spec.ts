import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { EnvironmentDto } from '@relais/config/environment.dto';
import { DOMAINS } from '@relais/domains';

const ROOT = join(__dirname, '..', '..');

/** Every variable the platform's EnvironmentDto and each shipped domain's environment class validate. */
function variables(): string[] {
  const classes = [
    EnvironmentDto,
    ...DOMAINS.flatMap((domain) => (domain.settings ? [domain.settings.environment] : [])),
  ];
  const metadata = classes.flatMap((environment) =>
    getMetadataStorage().getTargetValidationMetadatas(environment, '', true, false),
  );
  return [...new Set(metadata.map((entry) => entry.propertyName))].sort();
}

describe('the documentation of the configuration', () => {
  it('knows the variables (the list is read from the validation rules)', () => {
    expect(variables()).toEqual(expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'TRUST_PROXY', 'WORDPRESS_URL']));
  });

  it('lists every variable in the tables of docs/configuration.md', () => {
    const page = readFileSync(join(ROOT, 'docs', 'configuration.md'), 'utf8');
    // A row's first cell may name several variables: `WORDPRESS_USERNAME`, `WORDPRESS_APP_PASSWORD`.
    const firstCells = [...page.matchAll(/^\| ([^|]+)\|/gm)].map((match) => match[1]);
    const documented = new Set(
      firstCells.flatMap((cell) => [...cell.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1])),
    );
    expect(variables().filter((name) => !documented.has(name))).toEqual([]);
  });

  it('shows every variable in .env.example', () => {
    const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
    const shown = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]));
    expect(variables().filter((name) => !shown.has(name))).toEqual([]);
  });
});
