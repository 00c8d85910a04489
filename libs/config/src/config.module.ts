import { Global, Module, type DynamicModule } from '@nestjs/common';
import { loadConfig, type DomainWithSettings } from './load-config';

/** Injection token of the validated RelaisConfig. */
export const RELAIS_CONFIG = Symbol('RELAIS_CONFIG');

/**
 * Provides RelaisConfig, validated once when the module is first resolved: `ConfigModule` reads the platform's
 * variables only, `ConfigModule.forDomains(domains)` each domain's too (into `config.domains`).
 */
@Global()
@Module({
  providers: [{ provide: RELAIS_CONFIG, useFactory: () => loadConfig() }],
  exports: [RELAIS_CONFIG],
})
export class ConfigModule {
  static forDomains(domains: readonly DomainWithSettings[]): DynamicModule {
    return {
      module: ConfigModule,
      global: true,
      providers: [{ provide: RELAIS_CONFIG, useFactory: () => loadConfig(process.env, { domains }) }],
      exports: [RELAIS_CONFIG],
    };
  }
}
