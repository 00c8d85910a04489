import type { DomainSettings } from './domain-settings';

/** The configuration shape domainSettingsOf reads (RelaisConfig has it). */
export interface ConfigWithDomains {
  domains: Readonly<Record<string, unknown>>;
}

/** A domain's validated settings, typed by its declaration; throws when the process was not given the domain. */
export function domainSettingsOf<TSettings>(
  config: ConfigWithDomains,
  domain: { name: string; settings?: DomainSettings<TSettings> },
): TSettings {
  if (!(domain.name in config.domains)) {
    throw new Error(`The settings of domain "${domain.name}" were not loaded: add the domain to the process's list`);
  }
  return config.domains[domain.name] as TSettings;
}
