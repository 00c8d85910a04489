import type { DynamicModule, InjectionToken, OptionalFactoryDependency, Type } from '@nestjs/common';

/** How a module builds its client: the options from injected values, or null when the service is not configured. */
export interface ClientModuleOptions<TOptions> {
  inject?: (InjectionToken | OptionalFactoryDependency)[];
  useFactory: (...dependencies: never[]) => TOptions | null;
}

/**
 * A module providing one client under `token`, built from options its importer computes (a domain's settings):
 * the client reads no configuration itself, so any domain can use it with its own URL, User-Agent and limits.
 */
export function clientModule<TOptions>(
  module: Type<unknown>,
  token: InjectionToken,
  create: (options: TOptions) => object,
  options: ClientModuleOptions<TOptions>,
): DynamicModule {
  return {
    module,
    providers: [
      {
        provide: token,
        inject: options.inject ?? [],
        useFactory: (...dependencies: never[]) => {
          const clientOptions = options.useFactory(...dependencies);
          return clientOptions === null ? null : create(clientOptions);
        },
      },
    ],
    exports: [token],
  };
}
