import { IsOptional, IsString, Matches, MinLength } from 'class-validator';
import { domainSettingsOf, type ConfigWithDomains, type DomainSettings } from '@relais/domain-kit';

class GreetingsEnvironment {
  @IsOptional()
  @IsString({ message: 'GREETINGS_SALUTATION must be a word' })
  GREETINGS_SALUTATION?: string;

  @IsOptional()
  @MinLength(8, { message: 'GREETINGS_API_KEY must be at least 8 characters' })
  GREETINGS_API_KEY?: string;

  @IsOptional()
  @Matches(/^(sqlite:|mysql:|mariadb:)/, { message: 'GREETINGS_DATABASE_URL must be a sqlite: or mysql: URL' })
  GREETINGS_DATABASE_URL?: string;
}

export interface GreetingsSettings {
  salutation: string;
  apiKey: string | null;
  databaseUrl: string | null;
}

export const GREETINGS_SETTINGS: DomainSettings<GreetingsSettings> = {
  environment: GreetingsEnvironment,
  load: (environment) => {
    const env = environment as GreetingsEnvironment;
    return {
      salutation: env.GREETINGS_SALUTATION ?? 'Hello',
      apiKey: env.GREETINGS_API_KEY ?? null,
      databaseUrl: env.GREETINGS_DATABASE_URL ?? null,
    };
  },
  secrets: (settings) => (settings.apiKey ? [settings.apiKey] : []),
};

export const greetingsSettingsOf = (config: ConfigWithDomains): GreetingsSettings =>
  domainSettingsOf(config, { name: 'greetings', settings: GREETINGS_SETTINGS });
