import { IsString, Length } from 'class-validator';
import { defineFlow } from '@relais/contracts';

export const GREETINGS_QUEUE = 'test-greetings';

export class SayHelloParams {
  @IsString()
  @Length(1, 50)
  name: string;
}

export const SAY_HELLO_FLOW = defineFlow<SayHelloParams, { greeting: string }>({
  name: 'greetings.say-hello',
  queue: GREETINGS_QUEUE,
  description: 'Greets someone, records it, and archives it in the domain database',
  params: SayHelloParams,
});
