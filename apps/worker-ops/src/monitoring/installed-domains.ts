/**
 * The domains this installation runs (DOMAINS), injected so that analytics reads each domain's declared figures
 * from the list the apps hand the platform, and a test can hand it another list.
 */
export const INSTALLED_DOMAINS = Symbol('INSTALLED_DOMAINS');
