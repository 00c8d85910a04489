import { IsOptional, Matches, MaxLength, MinLength } from 'class-validator';

/** What the MISTRAL_* variables give: null without a key. */
export type MistralSettings = { apiKey: string; serverUrl: string | undefined; chatModel: string; embedModel: string };

/**
 * The MISTRAL_* variables, shared by every domain that answers questions or embeds through Mistral: a domain's
 * environment class extends this one, so each variable has one rule and one message wherever it is read.
 */
export class MistralEnvironment {
  @IsOptional()
  @MinLength(8, { message: 'MISTRAL_API_KEY must be a Mistral API key (at least 8 characters)' })
  @MaxLength(200, { message: 'MISTRAL_API_KEY must be at most 200 characters' })
  MISTRAL_API_KEY?: string;

  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+$/, {
    message: 'MISTRAL_API_URL must be an http(s) URL (default https://api.mistral.ai)',
  })
  MISTRAL_API_URL?: string;

  @IsOptional()
  @Matches(/^[a-zA-Z0-9._:-]{1,100}$/, { message: 'MISTRAL_CHAT_MODEL must be a Mistral model name' })
  MISTRAL_CHAT_MODEL?: string;

  @IsOptional()
  @Matches(/^[a-zA-Z0-9._:-]{1,100}$/, { message: 'MISTRAL_EMBED_MODEL must be a Mistral model name' })
  MISTRAL_EMBED_MODEL?: string;
}

/** The Mistral settings of validated variables, with the models' defaults; null without MISTRAL_API_KEY. */
export function mistralSettingsOf(env: MistralEnvironment): MistralSettings | null {
  return env.MISTRAL_API_KEY
    ? {
        apiKey: env.MISTRAL_API_KEY,
        serverUrl: env.MISTRAL_API_URL,
        chatModel: env.MISTRAL_CHAT_MODEL ?? 'mistral-small-latest',
        embedModel: env.MISTRAL_EMBED_MODEL ?? 'mistral-embed',
      }
    : null;
}
