import type { Type } from '@nestjs/common';

/** The platform settings a domain's settings may build on (shared HTTP defaults). */
export interface PlatformHttpSettings {
  timeoutMs: number;
  maxRetries: number;
}

/**
 * How a domain reads its environment variables: a class-validator class whose messages name each variable
 * (validated with the platform's, so a process that refuses to start lists every problem at once), the typed
 * settings built from it, and the secret values among them (redacted from logs, events and API responses).
 */
export interface DomainSettings<TSettings> {
  environment: Type<object>;
  /** `platform.chromaUrl`: the platform's Chroma server (CHROMA_URL), null when unset. */
  load(
    environment: object,
    platform: { http: PlatformHttpSettings; dataDir: string; chromaUrl: string | null },
  ): TSettings;
  /** Every secret value, from the settings and from the variables (a password set but unused is still secret). */
  secrets(settings: TSettings, environment: object): string[];
}
