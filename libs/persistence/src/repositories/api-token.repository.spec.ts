import { randomBytes, randomUUID } from 'node:crypto';
import { useMigratedDatabase } from '../../../../test/support/migrated-database';
import type { ApiTokenEntity } from '../entities';
import { isUniqueViolation } from '../unique-violation';
import { ApiTokenRepository } from './api-token.repository';

function aToken(overrides: Partial<ApiTokenEntity> = {}): ApiTokenEntity {
  return {
    id: randomUUID(),
    name: 'ci',
    role: 'operator',
    tokenHash: randomBytes(32).toString('hex'),
    prefix: 'relais_AbCdEf',
    createdAt: 1_732_200_000_000,
    lastUsedAt: null,
    revokedAt: null,
    ...overrides,
  };
}

describe('ApiTokenRepository', () => {
  const db = useMigratedDatabase();
  let tokens: ApiTokenRepository;
  beforeAll(() => {
    tokens = new ApiTokenRepository(db.dataSource);
  });

  it('stores a token and finds it by id and by hash', async () => {
    const token = aToken();
    await tokens.insert(token);

    expect(await tokens.findById(token.id)).toEqual(token);
    expect(await tokens.findByHash(token.tokenHash)).toEqual(token);
    expect(await tokens.findByHash(randomBytes(32).toString('hex'))).toBeNull();
  });

  it('refuses a second token with the same hash', async () => {
    const token = aToken();
    await tokens.insert(token);

    const error: unknown = await tokens.insert(aToken({ tokenHash: token.tokenHash })).catch((e: unknown) => e);
    expect(isUniqueViolation(error)).toBe(true);
  });

  it('revokes an active token once, and counts the active tokens of a role', async () => {
    const admin = aToken({ role: 'admin' });
    await tokens.insert(admin);
    expect(await tokens.countActive('admin')).toBe(1);

    expect(await tokens.revoke(admin.id, 1_732_200_000_500)).toBe(true);
    expect(await tokens.revoke(admin.id, 1_732_200_009_999)).toBe(false);
    expect(await tokens.revoke(randomUUID(), 1_732_200_000_500)).toBe(false);

    expect((await tokens.findById(admin.id))?.revokedAt).toBe(1_732_200_000_500);
    expect(await tokens.countActive('admin')).toBe(0);
    expect(await tokens.countActive('operator')).toBeGreaterThan(0);
  });

  it('records the last use and lists every token oldest first', async () => {
    const older = aToken({ createdAt: 1_000 });
    await tokens.insert(older);
    await tokens.recordUse(older.id, 1_732_200_001_000);

    const all = await tokens.findAll();
    expect(all[0]).toEqual({ ...older, lastUsedAt: 1_732_200_001_000 });
    expect(all.map((token) => token.createdAt)).toEqual([...all.map((token) => token.createdAt)].sort((a, b) => a - b));
  });
});
