import { Module, type DynamicModule, type ModuleMetadata, type Provider, type Type } from '@nestjs/common';
import type { RedisClient } from './infrastructure/redis-connections';
import { ConfigModule, RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { DOMAIN_REGISTRY, DomainRegistry, type AnyDomain } from '@relais/domain-kit';
import { PersistenceModule } from '@relais/persistence';
import { FlowCatalogue } from './catalogue/flow-catalogue';
import { RunEventPublisher } from './events/run-event.publisher';
import { QueueRegistry } from './infrastructure/queue.registry';
import { createCommandConnection } from './infrastructure/redis-connections';
import { REDIS_CLIENT } from './infrastructure/redis.tokens';
import { CancelRequestPublisher } from './launcher/cancel-request.publisher';
import { RunLauncher } from './launcher/run-launcher';
import { DatabaseAvailability } from './run-store/database-availability';
import { RunLoader } from './run-store/run-loader';
import { RunWriteBuffer } from './run-store/run-write-buffer';
import { RunReconciler } from './reconciler/run-reconciler';
import { CancellationListener } from './runtime/cancellation-listener';
import { FlowConcurrencyLimiter } from './runtime/flow-concurrency-limiter';
import { AttemptOutcomes } from './runtime/attempt-outcomes';
import { ConcurrencySlots } from './runtime/concurrency-slots';
import { FlowExecutor } from './runtime/flow-executor';
import type { FlowHandler } from './runtime/flow-handler';
import { FLOW_HANDLERS, FlowHandlerRegistry } from './runtime/flow-handler.registry';
import { FlowWorkerHost } from './runtime/flow-worker.host';
import { SemaphoreWaiters } from './runtime/semaphore-waiters';
import { RunAbortRegistry } from './runtime/run-abort-registry';
import { RunLeases } from './runtime/run-leases';
import { RunResources } from './runtime/run-resources';
import { RedisClientCloser } from './infrastructure/redis-client.closer';
import { DEPLOYMENT_DEFINITIONS } from './scheduling/deployment-definitions.token';
import { DeploymentService } from './scheduling/deployment.service';
import { RedisLock } from './scheduling/redis-lock';

export interface ProducerModuleOptions {
  /** The domains this process knows (domains/index.ts's DOMAINS, plus test domains in tests). */
  domains: readonly AnyDomain[];
}

export interface WorkerModuleOptions extends ProducerModuleOptions {
  /** The queue this worker consumes. */
  queue: string;
  /** The flow handler classes (Nest providers) implementing every flow of the queue. */
  flows: Type<FlowHandler>[];
  /** Providers the flows depend on (domain services, clients). */
  providers?: Provider[];
  /** Modules whose exports the flows and providers inject (a lib's clients module). */
  imports?: ModuleMetadata['imports'];
}

const PRODUCER_PROVIDERS: Provider[] = [
  {
    provide: REDIS_CLIENT,
    inject: [RELAIS_CONFIG],
    useFactory: (config: RelaisConfig): RedisClient => createCommandConnection(config.redis, 'relais-commands'),
  },
  RedisClientCloser,
  QueueRegistry,
  FlowCatalogue,
  RunEventPublisher,
  CancelRequestPublisher,
  RunLauncher,
  RunReconciler,
  {
    provide: DEPLOYMENT_DEFINITIONS,
    inject: [DOMAIN_REGISTRY],
    useFactory: (registry: DomainRegistry) => registry.deployments(),
  },
  RedisLock,
  DeploymentService,
];

/** The flow runtime: `forProducer()` for processes that start runs, `forWorker()` for those that run them. */
@Module({})
export class EngineModule {
  static forProducer(options: ProducerModuleOptions): DynamicModule {
    const platform = platformModules(options.domains);
    return {
      module: EngineModule,
      global: true,
      imports: platform.imports,
      providers: [...platform.providers, ...PRODUCER_PROVIDERS],
      exports: [...platform.providers, ...PRODUCER_PROVIDERS, ...platform.imports],
    };
  }

  static forWorker(options: WorkerModuleOptions): DynamicModule {
    const platform = platformModules(options.domains);
    return {
      module: EngineModule,
      global: true,
      imports: [...platform.imports, ...(options.imports ?? [])],
      providers: [
        ...platform.providers,
        ...PRODUCER_PROVIDERS,
        ...(options.providers ?? []),
        ...options.flows,
        {
          provide: FLOW_HANDLERS,
          inject: options.flows,
          useFactory: (...handlers: FlowHandler[]) => handlers,
        },
        {
          provide: FlowHandlerRegistry,
          inject: [FlowCatalogue, FLOW_HANDLERS],
          useFactory: (catalogue: FlowCatalogue, handlers: FlowHandler[]) =>
            new FlowHandlerRegistry(catalogue, options.queue, handlers),
        },
        DatabaseAvailability,
        RunWriteBuffer,
        RunLoader,
        RunAbortRegistry,
        CancellationListener,
        FlowConcurrencyLimiter,
        SemaphoreWaiters,
        ConcurrencySlots,
        RunResources,
        RunLeases,
        AttemptOutcomes,
        FlowExecutor,
        FlowWorkerHost,
      ],
      exports: [
        ...platform.providers,
        ...PRODUCER_PROVIDERS,
        ...platform.imports,
        FlowHandlerRegistry,
        RunWriteBuffer,
        DatabaseAvailability,
        FlowWorkerHost,
      ],
    };
  }
}

/** The configuration, the databases and the domain registry every Relais process runs on. */
function platformModules(domains: readonly AnyDomain[]): { imports: DynamicModule[]; providers: Provider[] } {
  const registry = new DomainRegistry(domains);
  return {
    imports: [ConfigModule.forDomains(registry.domains), PersistenceModule.forDomains(registry)],
    providers: [{ provide: DOMAIN_REGISTRY, useValue: registry }],
  };
}
