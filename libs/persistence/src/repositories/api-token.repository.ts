import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, type Repository } from 'typeorm';
import type { TokenRole } from '@relais/contracts';
import { ApiTokenEntity } from '../entities';

@Injectable()
export class ApiTokenRepository {
  private readonly tokens: Repository<ApiTokenEntity>;

  constructor(dataSource: DataSource) {
    this.tokens = dataSource.getRepository(ApiTokenEntity);
  }

  /** Throws a unique violation (see isUniqueViolation) when a token with the same hash exists. */
  async insert(token: ApiTokenEntity): Promise<void> {
    await this.tokens.insert(token);
  }

  /** Every token, revoked ones included, oldest first. */
  findAll(): Promise<ApiTokenEntity[]> {
    return this.tokens.find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  findById(id: string): Promise<ApiTokenEntity | null> {
    return this.tokens.findOneBy({ id });
  }

  findByHash(tokenHash: string): Promise<ApiTokenEntity | null> {
    return this.tokens.findOneBy({ tokenHash });
  }

  /** How many tokens of `role` are not revoked. */
  countActive(role: TokenRole): Promise<number> {
    return this.tokens.countBy({ role, revokedAt: IsNull() });
  }

  /** Revokes the token if it is still active; false when it does not exist or was already revoked. */
  async revoke(id: string, at: number): Promise<boolean> {
    const result = await this.tokens.update({ id, revokedAt: IsNull() }, { revokedAt: at });
    return (result.affected ?? 0) > 0;
  }

  async recordUse(id: string, at: number): Promise<void> {
    await this.tokens.update({ id }, { lastUsedAt: at });
  }
}
