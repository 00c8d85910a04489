/** A shared ioredis client for commands (never used for blocking calls or subscriptions). */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
