import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { parametersSchemaOf } from './parameters-schema';

class PublicationTarget {
  @IsString()
  site: string;

  @IsIn(['draft', 'publish'])
  status: string = 'draft';
}

class BatchParams {
  @IsString({ each: true })
  qids: string[];

  @IsInt()
  @Min(1)
  concurrency: number = 10;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => PublicationTarget)
  targets: PublicationTarget[] = [];
}

describe('parametersSchemaOf', () => {
  const schema = parametersSchemaOf(BatchParams);

  it('requires only the fields without a default, and refuses unknown ones', () => {
    expect(schema).toMatchObject({ type: 'object', required: ['qids'], additionalProperties: false });
    expect(schema.properties).toMatchObject({
      qids: { type: 'array', items: { type: 'string' } },
      concurrency: { type: 'integer', minimum: 1, default: 10 },
      targets: { type: 'array', default: [] },
    });
  });

  it('inlines the nested DTOs it refers to under $defs', () => {
    expect(schema.properties).toMatchObject({ targets: { items: { $ref: '#/$defs/PublicationTarget' } } });
    expect(schema.$defs).toEqual({
      PublicationTarget: {
        type: 'object',
        properties: { site: { type: 'string' }, status: { type: 'string', enum: ['draft', 'publish'] } },
        required: ['site', 'status'],
      },
    });
  });
});
