import { Controller, Get, Module } from '@nestjs/common';
import { GreetingArchiveRepository, GreetingRepository } from './greetings.tables';

@Controller()
export class GreetingsController {
  constructor(
    private readonly greetings: GreetingRepository,
    private readonly archive: GreetingArchiveRepository,
  ) {}

  @Get('said')
  async said(): Promise<{ greetings: string[]; archived: number }> {
    const greetings = await this.greetings.all();
    return { greetings: greetings.map((greeting) => greeting.text), archived: await this.archive.count() };
  }
}

@Module({ controllers: [GreetingsController] })
export class GreetingsApiModule {}
