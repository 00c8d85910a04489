import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min, validateSync } from 'class-validator';
import { NotificationRequestError } from './notification-request.errors';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;

/** The query of `GET /api/notifications`: a page of the log, newest first. */
export class NotificationLogQuery {
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'limit must be an integer between 1 and 500' })
  @Min(1, { message: 'limit must be an integer between 1 and 500' })
  @Max(500, { message: 'limit must be an integer between 1 and 500' })
  limit: number = 50;

  /** `true`: alerts only. */
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'alerts_only must be true or false' })
  alerts_only?: string;

  @IsOptional()
  @Matches(/^[a-z0-9._-]{1,100}$/, { message: 'rule must be a rule id (1–100 lower-case letters, digits, . _ -)' })
  rule?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor must be a nextCursor returned by GET /api/notifications' })
  cursor?: string;
}

/** The query validated, unknown parameters refused (a typo would otherwise list everything unfiltered). */
export function notificationLogQueryOf(query: Record<string, unknown>): NotificationLogQuery {
  const dto = plainToInstance(NotificationLogQuery, query);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    throw new NotificationRequestError(
      Object.fromEntries(
        errors.map((error) => [
          error.property,
          Object.values(error.constraints ?? {}).map((message) =>
            message.startsWith('property ') ? `${error.property} is not a parameter of this route` : message,
          ),
        ]),
      ),
    );
  }
  return dto;
}
