import { Test } from '@nestjs/testing';
import { ConfigModule, loadConfig, RELAIS_CONFIG } from '@relais/config';
import {
  CommonsClient,
  PIWIGO_CLIENT,
  PiwigoClient,
  WikidataClient,
  WORDPRESS_CLIENT,
  WordPressClient,
} from '@relais/integrations';
import { SCRUTART_DOMAIN } from '../scrutart.domain';
import { ScrutartClientsModule } from './scrutart-clients.module';

describe('ScrutartClientsModule', () => {
  const resolve = async (env: Record<string, string>) => {
    const module = await Test.createTestingModule({ imports: [ConfigModule, ScrutartClientsModule] })
      .overrideProvider(RELAIS_CONFIG)
      .useValue(loadConfig(env, { dotenv: false, domains: [SCRUTART_DOMAIN] }))
      .compile();
    return module;
  };

  it('builds the Wikidata and Commons clients from the configuration, and no publication targets by default', async () => {
    const module = await resolve({
      WIKIDATA_SPARQL_URL: 'https://sparql.example/sparql',
      WIKIDATA_MAX_CONCURRENT: '3',
      WIKIMEDIA_USER_AGENT: 'Tester/1.0 (ops@example.org)',
    });
    const wikidata = module.get(WikidataClient);
    expect(wikidata.options).toMatchObject({
      sparqlUrl: 'https://sparql.example/sparql',
      maxConcurrent: 3,
      userAgent: 'Tester/1.0 (ops@example.org)',
    });
    expect(module.get(CommonsClient)).toBeInstanceOf(CommonsClient);
    expect(module.get(WORDPRESS_CLIENT)).toBeNull();
    expect(module.get(PIWIGO_CLIENT)).toBeNull();
    await module.close();
  });

  it('builds WordPress and Piwigo clients when their URLs are set', async () => {
    const module = await resolve({
      WORDPRESS_URL: 'https://blog.example/',
      WORDPRESS_USERNAME: 'editor',
      WORDPRESS_APP_PASSWORD: 'abcd efgh',
      PIWIGO_URL: 'https://gallery.example',
      PIWIGO_USERNAME: 'admin',
      PIWIGO_PASSWORD: 'secret',
    });
    expect(module.get<WordPressClient>(WORDPRESS_CLIENT).options).toMatchObject({
      url: 'https://blog.example',
      username: 'editor',
      contentType: 'pages',
    });
    expect(module.get<PiwigoClient>(PIWIGO_CLIENT)).toBeInstanceOf(PiwigoClient);
    await module.close();
  });
});
