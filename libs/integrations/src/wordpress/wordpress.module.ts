import { Module, type DynamicModule } from '@nestjs/common';
import { clientModule, type ClientModuleOptions } from '../client-module';
import { WordPressClient, type WordPressClientOptions } from './wordpress.client';

/** Injection token of `WordPressClient | null` (null when the importer's options are null: no site configured). */
export const WORDPRESS_CLIENT = Symbol('WORDPRESS_CLIENT');

/** Provides WORDPRESS_CLIENT built from the importer's options. */
@Module({})
export class WordPressModule {
  static register(options: ClientModuleOptions<WordPressClientOptions>): DynamicModule {
    return clientModule(
      WordPressModule,
      WORDPRESS_CLIENT,
      (o: WordPressClientOptions) => new WordPressClient(o),
      options,
    );
  }
}
