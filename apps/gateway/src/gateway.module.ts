import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { RouterModule } from '@nestjs/core';
import type { AnyDomain } from '@relais/domain-kit';
import { EngineModule } from '@relais/engine';
import { AdminModule } from './admin/admin.module';
import { ApiModule } from './api/api.module';
import { AuthModule } from './auth/auth.module';
import { DashboardModule } from './dashboard/dashboard.module';
import { EventsModule } from './events/events.module';
import { HomeController } from './home/home.controller';

/**
 * The HTTP entry point. It enqueues runs and reads the database; it never runs a flow. Each domain's routes are
 * mounted under `/api/<domain>` from the domain list (RouterModule), so no route order matters; a domain's older
 * paths are rewritten to those by configureGatewayApp.
 */
@Module({})
export class GatewayModule {
  static forDomains(domains: readonly AnyDomain[]): DynamicModule {
    const routed = domains.flatMap((domain) =>
      domain.gateway ? [{ path: `api/${domain.name}`, module: domain.gateway.module }] : [],
    );
    return {
      module: GatewayModule,
      imports: [
        EngineModule.forProducer({ domains }),
        AuthModule,
        ApiModule,
        EventsModule,
        AdminModule,
        DashboardModule,
        ...routed.map((route) => route.module),
        RouterModule.register(routed.map((route) => ({ path: route.path, module: moduleClass(route.module) }))),
      ],
      controllers: [HomeController],
    };
  }
}

function moduleClass(module: Type<unknown> | DynamicModule): Type<unknown> {
  return 'module' in module ? module.module : module;
}
