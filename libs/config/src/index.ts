export * from './relais-config';
export * from './config.error';
export * from './load-config';
export * from './config.module';
export { toInt, toBool } from './environment.dto';
export { IntegerVariable } from './integer-variable';
export * from './redis-topology';
