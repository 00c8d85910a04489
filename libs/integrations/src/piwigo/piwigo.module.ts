import { Module, type DynamicModule } from '@nestjs/common';
import { clientModule, type ClientModuleOptions } from '../client-module';
import { PiwigoClient, type PiwigoClientOptions } from './piwigo.client';

/** Injection token of `PiwigoClient | null` (null when the importer's options are null: no gallery configured). */
export const PIWIGO_CLIENT = Symbol('PIWIGO_CLIENT');

/** Provides PIWIGO_CLIENT built from the importer's options. */
@Module({})
export class PiwigoModule {
  static register(options: ClientModuleOptions<PiwigoClientOptions>): DynamicModule {
    return clientModule(PiwigoModule, PIWIGO_CLIENT, (o: PiwigoClientOptions) => new PiwigoClient(o), options);
  }
}
