import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { MAX_RESULTS, QUESTION_LENGTH } from './chunk-search';

const trimmed = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** The body of a question endpoint (`POST /api/<domain>/query`): a question and how many passages. */
export class QuestionBody {
  /** The question, 3 to 1000 characters (spaces around it do not count). */
  @Transform(trimmed)
  @IsString()
  @Length(QUESTION_LENGTH.min, QUESTION_LENGTH.max, {
    message: `question must be ${QUESTION_LENGTH.min} to ${QUESTION_LENGTH.max} characters`,
  })
  question: string;

  /** How many passages to return, 1 to 50 (default 3). */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_RESULTS)
  k: number = 3;
}
