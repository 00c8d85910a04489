import 'reflect-metadata';

const NULLABLE_KEY = Symbol('relais:nullable-param');

/**
 * Declares that a parameter accepts `null` as a value of its own (not as "use the default"). Without it the
 * engine refuses `null` for every parameter with a 400 naming it: `@IsOptional` lets `null` through, and a `null`
 * that replaced a default silently turned alerting off or broke a batch (issue 10).
 */
export function Nullable(): PropertyDecorator {
  return (target, property) => {
    Reflect.defineMetadata(NULLABLE_KEY, true, target, property);
  };
}

/** True when `property` of `instance` (a DTO instance or its class's prototype chain) is declared @Nullable. */
export function isNullable(instance: object, property: string): boolean {
  return Reflect.getMetadata(NULLABLE_KEY, instance, property) === true;
}
