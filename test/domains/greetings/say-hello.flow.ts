import { Inject, Injectable, Module } from '@nestjs/common';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { DOMAINS } from '@relais/domains';
import { EngineModule, type FlowHandler, type RunContext } from '@relais/engine';
import { GREETINGS_QUEUE, SAY_HELLO_FLOW } from './greetings.contracts';
import { GREETINGS_DOMAIN } from './greetings.domain';
import { greetingsSettingsOf } from './greetings.settings';
import { GreetingArchiveRepository, GreetingRepository } from './greetings.tables';

@Injectable()
export class SayHelloFlow implements FlowHandler<typeof SAY_HELLO_FLOW> {
  readonly contract = SAY_HELLO_FLOW;

  constructor(
    @Inject(RELAIS_CONFIG) private readonly config: RelaisConfig,
    @Inject(GreetingRepository) private readonly greetings: GreetingRepository,
    @Inject(GreetingArchiveRepository) private readonly archive: GreetingArchiveRepository,
  ) {}

  async run(ctx: RunContext<{ name: string }>): Promise<{ greeting: string }> {
    const greeting = `${greetingsSettingsOf(this.config).salutation}, ${ctx.params.name}!`;
    await ctx.step('record', () => this.greetings.record({ id: ctx.runId, text: greeting, saidAt: Date.now() }));
    await ctx.step('archive', () => this.archive.archive({ id: ctx.runId, text: greeting }));
    return { greeting };
  }
}

/** Every shipped domain plus the test domain: the one list a process is given. */
export const DOMAINS_WITH_GREETINGS = [...DOMAINS, GREETINGS_DOMAIN];

@Module({
  imports: [EngineModule.forWorker({ domains: DOMAINS_WITH_GREETINGS, queue: GREETINGS_QUEUE, flows: [SayHelloFlow] })],
})
export class GreetingsWorkerModule {}
