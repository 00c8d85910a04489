import { Global, Module } from '@nestjs/common';
import { loadConfig } from './load-config';

/** Injection token of the validated RelaisConfig. */
export const RELAIS_CONFIG = Symbol('RELAIS_CONFIG');

/** Provides RelaisConfig, validated once when the module is first resolved. */
@Global()
@Module({
  providers: [{ provide: RELAIS_CONFIG, useFactory: () => loadConfig() }],
  exports: [RELAIS_CONFIG],
})
export class ConfigModule {}
