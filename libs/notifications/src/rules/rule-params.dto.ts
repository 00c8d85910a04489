import { applyDecorators } from '@nestjs/common';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { CHANNEL_NAMES, type ChannelName } from '../model/notification';
import { SEVERITIES, type Severity } from '../model/severity';
import { RULE_KINDS, type RuleKind } from './alert-rule';

const NAME_LIST = { each: true, message: '$property must be a list of names of at most 100 characters' } as const;

/** An optional list of at most 100 names (flows, deployments, tags) of at most 100 characters each. */
function OptionalNameList(): PropertyDecorator {
  return applyDecorators(
    IsOptional(),
    IsArray({ message: '$property must be a list' }),
    ArrayMaxSize(100, { message: '$property may list at most 100 names' }),
    IsString(NAME_LIST),
    MaxLength(100, NAME_LIST),
  );
}

/** The run filter every run rule accepts: lists of at most 100 names. */
class RunFilterDto {
  @OptionalNameList()
  flows?: string[];

  @OptionalNameList()
  deployments?: string[];

  @OptionalNameList()
  tags?: string[];
}

export class RunFailedParamsDto extends RunFilterDto {
  @IsOptional()
  @IsArray({ message: 'states must be a list of FAILED and CRASHED' })
  @IsIn(['FAILED', 'CRASHED'], { each: true, message: 'states must be a list of FAILED and CRASHED' })
  states?: ('FAILED' | 'CRASHED')[];
}

export class HealthBelowParamsDto {
  @OptionalNameList()
  flows?: string[];

  @IsOptional()
  @IsInt({ message: 'threshold must be an integer score between 0 and 100' })
  @Min(0, { message: 'threshold must be an integer score between 0 and 100' })
  @Max(100, { message: 'threshold must be an integer score between 0 and 100' })
  threshold?: number;
}

export class ReportProducedParamsDto {
  @IsOptional()
  @IsArray({ message: 'keys must be a list' })
  @ArrayMaxSize(100, { message: 'keys may list at most 100 report keys' })
  @IsString({ each: true, message: 'keys must be a list of report keys of at most 200 characters' })
  @MaxLength(200, { each: true, message: 'keys must be a list of report keys of at most 200 characters' })
  keys?: string[];

  @OptionalNameList()
  flows?: string[];
}

export class RunTooLongParamsDto extends RunFilterDto {
  @IsInt({ message: 'minutes must be an integer between 1 and 10080 (a week)' })
  @Min(1, { message: 'minutes must be an integer between 1 and 10080 (a week)' })
  @Max(10_080, { message: 'minutes must be an integer between 1 and 10080 (a week)' })
  minutes: number;
}

export class FlowSilentParamsDto {
  @IsString({ message: 'flow must be a flow name' })
  @MaxLength(100, { message: 'flow must be at most 100 characters' })
  flow: string;

  @IsInt({ message: 'hours must be an integer between 1 and 8760 (a year)' })
  @Min(1, { message: 'hours must be an integer between 1 and 8760 (a year)' })
  @Max(8760, { message: 'hours must be an integer between 1 and 8760 (a year)' })
  hours: number;
}

/** The params class of each kind. */
export const RULE_PARAMS_DTOS: Record<RuleKind, new () => object> = {
  'run-failed': RunFailedParamsDto,
  'health-below': HealthBelowParamsDto,
  'report-produced': ReportProducedParamsDto,
  'run-too-long': RunTooLongParamsDto,
  'flow-silent': FlowSilentParamsDto,
};

/** A rule as `POST /api/notifications/rules` takes it (PATCH takes the same fields, all optional). */
export class AlertRuleInputDto {
  @Matches(/^[a-z0-9][a-z0-9._-]{0,99}$/, {
    message: 'id must be 1–100 lower-case letters, digits, dots, dashes or underscores',
  })
  id: string;

  @IsIn(RULE_KINDS, { message: `kind must be one of ${RULE_KINDS.join(', ')}` })
  kind: RuleKind;

  @IsOptional()
  @IsString({ message: 'description must be text' })
  @MaxLength(300, { message: 'description must be at most 300 characters' })
  description?: string;

  /** Checked against the kind's params class by validateRuleParams (required when creating). */
  @IsOptional()
  @IsObject({ message: 'params must be an object' })
  params?: Record<string, unknown>;

  @IsOptional()
  @IsIn(SEVERITIES, { message: `severity must be one of ${SEVERITIES.join(', ')}` })
  severity?: Severity;

  @IsOptional()
  @IsInt({ message: 'cooldown_minutes must be an integer between 0 and 10080' })
  @Min(0, { message: 'cooldown_minutes must be an integer between 0 and 10080' })
  @Max(10_080, { message: 'cooldown_minutes must be an integer between 0 and 10080' })
  cooldown_minutes?: number;

  @IsOptional()
  @IsIn([true, false], { message: 'enabled must be true or false' })
  enabled?: boolean;

  @IsOptional()
  @IsArray({ message: 'channels must be a list' })
  @IsIn(CHANNEL_NAMES, { each: true, message: `channels must list some of ${CHANNEL_NAMES.join(', ')}` })
  channels?: ChannelName[];
}
