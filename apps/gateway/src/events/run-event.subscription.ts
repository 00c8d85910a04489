import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { channelsFor, RUN_EVENT_NAMES, type RunEvent } from '@relais/contracts';
import { createCommandConnection, errorMessage, type RedisClient } from '@relais/engine';

type RunEventListener = (event: RunEvent) => void;

const EVENT_NAMES = new Set<string>(Object.values(RUN_EVENT_NAMES));

/**
 * This replica's subscription to the run events that workers, launchers and the scheduler publish on Redis
 * pub/sub. Every replica holds one and hands each event to its own sockets only (see LiveEventsGateway). An
 * event published while the connection is down is lost: events are a live view, the database is the record.
 */
@Injectable()
export class RunEventSubscription implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RunEventSubscription.name);
  private readonly listeners: RunEventListener[] = [];
  private subscriber?: RedisClient;

  constructor(@Inject(RELAIS_CONFIG) private readonly config: RelaisConfig) {}

  /** Calls `listener` with every run event from now on. */
  onEvent(listener: RunEventListener): void {
    this.listeners.push(listener);
  }

  async onModuleInit(): Promise<void> {
    // A connection of its own: one in subscriber mode can run no other command.
    const subscriber = createCommandConnection(this.config.redis, 'relais-live-events');
    this.subscriber = subscriber;
    subscriber.on('message', (_channel: string, message: string) => this.dispatch(message));
    await this.subscribe(subscriber);
  }

  /** Before the sockets close (OnModuleDestroy runs first), so nothing is relayed to a closing server. */
  async onModuleDestroy(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    if (subscriber?.status === 'ready') await subscriber.quit();
    else subscriber?.disconnect();
  }

  /**
   * Subscribes (ioredis then renews the subscription after every reconnection). Redis being away at start does not
   * stop the gateway from starting: the subscription is made as soon as the connection is back.
   */
  private async subscribe(subscriber: RedisClient): Promise<void> {
    try {
      await subscriber.subscribe(channelsFor(this.config.redisPrefix).runEvents);
    } catch (error) {
      if (this.subscriber !== subscriber) return;
      this.logger.warn(`No live events until Redis answers: ${errorMessage(error)}`);
      // subscribe() handles its own failures: nothing to await or catch here.
      subscriber.once('ready', () => void this.subscribe(subscriber));
    }
  }

  private dispatch(message: string): void {
    const events = parseRunEvents(message);
    if (!events) {
      this.logger.warn(`Ignored a malformed run event: ${message.slice(0, 200)}`);
      return;
    }
    for (const event of events) this.relay(event);
  }

  private relay(event: RunEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        // Thrown inside ioredis' reply handling, it would break the connection for the events after it.
        this.logger.error(`Could not relay ${event.event} of run ${event.runId}: ${errorMessage(error)}`);
      }
    }
  }
}

/**
 * The events a message carries, in order: one event, or an array of them (a publisher sends the events of one
 * turn of its event loop together). Null when the message is neither (a foreign publisher on the channel); an
 * array with one malformed element is refused whole.
 */
export function parseRunEvents(message: string): RunEvent[] | null {
  let value: unknown;
  try {
    value = JSON.parse(message);
  } catch (_error) {
    return null;
  }
  if (!Array.isArray(value)) {
    const event = asRunEvent(value);
    return event && [event];
  }
  const events: RunEvent[] = [];
  for (const element of value) {
    const event = asRunEvent(element);
    if (!event) return null;
    events.push(event);
  }
  return events;
}

function asRunEvent(value: unknown): RunEvent | null {
  if (typeof value !== 'object' || value === null) return null;
  const { event, runId, flowName } = value as Record<string, unknown>;
  const valid = typeof event === 'string' && EVENT_NAMES.has(event);
  return valid && typeof runId === 'string' && typeof flowName === 'string' ? (value as RunEvent) : null;
}
