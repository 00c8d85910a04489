import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { toInt } from '@relais/config';

/**
 * Scrutart's environment variables (Wikidata, Commons, WordPress, Piwigo), with their rules. Messages name the
 * variable because a person reads them when a process refuses to start. docs/configuration.md lists them.
 */
export class ScrutartEnvironment {
  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'WIKIDATA_API_URL must be an http(s) URL of api.php' })
  WIKIDATA_API_URL?: string;

  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'WIKIDATA_SPARQL_URL must be an http(s) URL of the SPARQL endpoint' })
  WIKIDATA_SPARQL_URL?: string;

  @IsOptional()
  @Matches(/^\S+\/\S+ \(.*(@|https?:\/\/).*\)/, {
    message: 'WIKIMEDIA_USER_AGENT must read "Name/version (contact URL or e-mail)" as Wikimedia asks',
  })
  WIKIMEDIA_USER_AGENT?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'WIKIDATA_MAX_CONCURRENT must be an integer between 1 and 5 (Wikimedia allows 5)' })
  @Min(1, { message: 'WIKIDATA_MAX_CONCURRENT must be an integer between 1 and 5 (Wikimedia allows 5)' })
  @Max(5, { message: 'WIKIDATA_MAX_CONCURRENT must be an integer between 1 and 5 (Wikimedia allows 5)' })
  WIKIDATA_MAX_CONCURRENT?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'WIKIDATA_CACHE_TTL_MS must be an integer number of milliseconds ≥ 0' })
  @Min(0, { message: 'WIKIDATA_CACHE_TTL_MS must be an integer number of milliseconds ≥ 0' })
  WIKIDATA_CACHE_TTL_MS?: number;

  @IsOptional()
  @Matches(/^https?:\/\/.+\/$/, {
    message: 'COMMONS_FILE_URL must be an http(s) URL ending with / (…/wiki/Special:FilePath/)',
  })
  COMMONS_FILE_URL?: string;

  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'WORDPRESS_URL must be the http(s) URL of the WordPress site' })
  WORDPRESS_URL?: string;

  @IsOptional()
  @IsString({ message: 'WORDPRESS_USERNAME must be a user name' })
  WORDPRESS_USERNAME?: string;

  @IsOptional()
  @IsString({ message: 'WORDPRESS_APP_PASSWORD must be an application password' })
  WORDPRESS_APP_PASSWORD?: string;

  @IsOptional()
  @IsIn(['pages', 'posts'], { message: 'WORDPRESS_CONTENT_TYPE must be pages or posts' })
  WORDPRESS_CONTENT_TYPE?: string;

  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'PIWIGO_URL must be the http(s) URL of the Piwigo site' })
  PIWIGO_URL?: string;

  @IsOptional()
  @IsString({ message: 'PIWIGO_USERNAME must be a user name' })
  PIWIGO_USERNAME?: string;

  @IsOptional()
  @IsString({ message: 'PIWIGO_PASSWORD must be a password' })
  PIWIGO_PASSWORD?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'PIWIGO_PARENT_CATEGORY_ID must be a positive integer (a Piwigo album id)' })
  @Min(1, { message: 'PIWIGO_PARENT_CATEGORY_ID must be a positive integer (a Piwigo album id)' })
  PIWIGO_PARENT_CATEGORY_ID?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'SCRUTART_IMAGE_LIMIT must be an integer between 0 and 1000' })
  @Min(0, { message: 'SCRUTART_IMAGE_LIMIT must be an integer between 0 and 1000' })
  @Max(1000, { message: 'SCRUTART_IMAGE_LIMIT must be an integer between 0 and 1000' })
  SCRUTART_IMAGE_LIMIT?: number;
}
