import { Module, type DynamicModule } from '@nestjs/common';
import { clientModule, type ClientModuleOptions } from '../client-module';
import { WikidataClient, type WikidataClientOptions } from './wikidata.client';

/** Provides WikidataClient (by class) built from the importer's options. */
@Module({})
export class WikidataModule {
  static register(options: ClientModuleOptions<WikidataClientOptions>): DynamicModule {
    return clientModule(WikidataModule, WikidataClient, (o: WikidataClientOptions) => new WikidataClient(o), options);
  }
}
