import { Module, type DynamicModule } from '@nestjs/common';
import { clientModule, type ClientModuleOptions } from '../client-module';
import { CommonsClient, type CommonsClientOptions } from './commons.client';

/** Provides CommonsClient (by class) built from the importer's options. */
@Module({})
export class CommonsModule {
  static register(options: ClientModuleOptions<CommonsClientOptions>): DynamicModule {
    return clientModule(CommonsModule, CommonsClient, (o: CommonsClientOptions) => new CommonsClient(o), options);
  }
}
