import { Injectable } from '@nestjs/common';
import { TypeOrmHealthIndicator, type HealthIndicatorResult } from '@nestjs/terminus';
import { DataSource } from 'typeorm';

const DATABASE_PING_TIMEOUT_MS = 2_000;

/**
 * The database probe of the gateway's health route: terminus' TypeORM ping on Relais's own database. The one
 * place of the gateway that touches TypeORM itself (everything else goes through repositories).
 */
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly typeorm: TypeOrmHealthIndicator,
    private readonly dataSource: DataSource,
  ) {}

  pingCheck<const Key extends string>(key: Key): Promise<HealthIndicatorResult<Key>> {
    return this.typeorm.pingCheck(key, { connection: this.dataSource, timeout: DATABASE_PING_TIMEOUT_MS });
  }
}
