import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

interface LintCase {
  filePath: string;
  code: string;
}

/**
 * Lints each case's code as if it were the file at its path, with the repository's boundary rules only, and
 * returns each case's rule messages. One child process for all (ESLint's flat config is an ES module).
 */
function boundaryMessages(cases: LintCase[]): string[][] {
  const script = `
    import { ESLint } from 'eslint';
    import tseslint from 'typescript-eslint';
    import { boundaries } from './eslint.boundaries.mjs';
    const eslint = new ESLint({
      cwd: process.cwd(),
      overrideConfigFile: true,
      overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } }, ...boundaries],
    });
    const messages = [];
    for (const { code, filePath } of JSON.parse(process.env.CASES)) {
      const [result] = await eslint.lintText(code, { filePath });
      messages.push(result.messages.map((message) => message.message));
    }
    process.stdout.write(JSON.stringify(messages));
  `;
  const absolute = cases.map((lintCase) => ({ ...lintCase, filePath: join(ROOT, lintCase.filePath) }));
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: ROOT,
    env: { ...process.env, CASES: JSON.stringify(absolute) },
    encoding: 'utf8',
  });
  return JSON.parse(output) as string[][];
}

const TYPEORM = "import { DataSource } from 'typeorm';\nexport const x = DataSource;\n";
const DOMAIN = "import { DOMAINS } from '@relais/domains';\nexport const x = DOMAINS;\n";
const ENGINE = "import { RunLauncher } from '@relais/engine';\nexport const x = RunLauncher;\n";
const OWN_CONTRACT = "import { RunState } from '@relais/contracts';\nexport const x = RunState;\n";
const APP = "import { ApiModule } from '../../../apps/gateway/src/api/api.module';\nexport const x = ApiModule;\n";

const CASES: LintCase[] = [
  { filePath: 'apps/gateway/src/api/runs/runs.controller.ts', code: TYPEORM },
  { filePath: 'apps/worker-ops/src/health/database-probe.ts', code: TYPEORM },
  { filePath: 'libs/engine/src/catalogue/flow-catalogue.ts', code: DOMAIN },
  { filePath: 'apps/gateway/src/main.ts', code: DOMAIN },
  { filePath: 'libs/contracts/src/events.ts', code: ENGINE },
  { filePath: 'libs/contracts/src/events.ts', code: OWN_CONTRACT },
  { filePath: 'domains/scrutart/gateway/scrutart-api.module.ts', code: APP },
];

describe('the boundaries the linter holds', () => {
  let messages: string[][];
  beforeAll(() => {
    messages = boundaryMessages(CASES);
  });

  it('refuses TypeORM in an app, but lets its database probe use it', () => {
    expect(messages[0]).toEqual([expect.stringMatching(/only the database probes import TypeORM/)]);
    expect(messages[1]).toEqual([]);
  });

  it('refuses a domain in a shared lib, not in an app', () => {
    expect(messages[2]).toEqual([expect.stringMatching(/A shared lib never imports a domain/)]);
    expect(messages[3]).toEqual([]);
  });

  it('refuses another lib in the contracts, not the contracts themselves', () => {
    expect(messages[4]).toEqual([expect.stringMatching(/import no other lib/)]);
    expect(messages[5]).toEqual([]);
  });

  it('refuses an app in a domain', () => {
    expect(messages[6]).toEqual([expect.stringMatching(/A domain never imports an app/)]);
  });
});
