import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { toInt } from './environment.dto';

/** Decorates an optional integer environment variable from `min` to `max`, every message naming it. */
export function IntegerVariable(variable: string, min: number, max: number): PropertyDecorator {
  const message = `${variable} must be an integer between ${min} and ${max}`;
  const decorators = [IsOptional(), Transform(toInt), IsInt({ message }), Min(min, { message }), Max(max, { message })];
  return (target, key) => {
    for (const decorator of decorators) decorator(target, key);
  };
}
