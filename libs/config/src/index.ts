export * from './relais-config';
export * from './config.error';
export * from './load-config';
export * from './config.module';
export { toInt, toBool } from './environment.dto';
export * from './redis-topology';
