import { join } from 'node:path';
import {
  domainSettingsOf,
  type ConfigWithDomains,
  type DomainSettings,
  type PlatformHttpSettings,
} from '@relais/domain-kit';
import { DpgfEnvironment } from './dpgf.environment';

/** Microsoft Graph's sign-in and drive: null members are reported as missing when a run asks for the graph source. */
export interface GraphSettings {
  apiUrl: string;
  authorityHost: string;
  tenantId: string | null;
  clientId: string | null;
  clientSecret: string | null;
  driveId: string | null;
}

/** The DPGF domain's validated settings. */
export interface DpgfSettings {
  http: PlatformHttpSettings;
  /** Null: Relais's own database (migrations recorded in dpgf_migrations). */
  databaseUrl: string | null;
  defaultSource: 'file' | 'graph';
  /** The folders a `file:` source may read, and nothing outside them. */
  folderRoots: string[];
  /** Where downloaded files are kept while they are imported. */
  workDir: string;
  graph: GraphSettings;
  /** Gemini, for the rows the rules leave ambiguous (`use_gemini`): null apiKey when not configured. */
  gemini: { apiKey: string | null; baseUrl: string; model: string };
}

/** The domain's name: its routes are under /api/dpgf, its settings at config.domains.dpgf. */
export const DPGF_DOMAIN_NAME = 'dpgf';

/** How the DPGF domain reads, types and redacts its environment. */
export const DPGF_SETTINGS: DomainSettings<DpgfSettings> = {
  environment: DpgfEnvironment,
  load(environment, platform) {
    const env = environment as DpgfEnvironment;
    return {
      http: platform.http,
      databaseUrl: env.DPGF_DATABASE_URL ?? null,
      defaultSource: (env.DPGF_SOURCE ?? 'file') as 'file' | 'graph',
      folderRoots: (env.DPGF_FOLDER_ROOTS ?? join(platform.dataDir, 'dpgf', 'inbox'))
        .split(',')
        .map((root) => root.trim().replace(/\/+$/, '') || '/')
        .filter((root) => root.length > 0),
      workDir: join(platform.dataDir, 'dpgf', 'downloads'),
      graph: {
        apiUrl: (env.GRAPH_API_URL ?? 'https://graph.microsoft.com/v1.0').replace(/\/+$/, ''),
        authorityHost: (env.GRAPH_AUTHORITY_HOST ?? 'https://login.microsoftonline.com').replace(/\/+$/, ''),
        tenantId: env.GRAPH_TENANT_ID ?? null,
        clientId: env.GRAPH_CLIENT_ID ?? null,
        clientSecret: env.GRAPH_CLIENT_SECRET ?? null,
        driveId: env.GRAPH_DRIVE_ID ?? null,
      },
      gemini: {
        apiKey: env.GEMINI_API_KEY ?? null,
        baseUrl: (env.GEMINI_BASE_URL ?? 'https://generativelanguage.googleapis.com').replace(/\/+$/, ''),
        model: env.GEMINI_MODEL ?? 'gemini-2.5-flash',
      },
    };
  },
  secrets(settings, environment) {
    const env = environment as DpgfEnvironment;
    const databasePassword = settings.databaseUrl
      ? /^[a-z]+:\/\/[^:/@]*:([^@]+)@/.exec(settings.databaseUrl)?.[1]
      : undefined;
    return [
      env.GRAPH_CLIENT_SECRET,
      env.GEMINI_API_KEY,
      databasePassword && decodeURIComponent(databasePassword),
    ].filter((value): value is string => !!value);
  },
};

/** DPGF's settings from a process's configuration. */
export function dpgfSettingsOf(config: ConfigWithDomains): DpgfSettings {
  return domainSettingsOf(config, { name: DPGF_DOMAIN_NAME, settings: DPGF_SETTINGS });
}
