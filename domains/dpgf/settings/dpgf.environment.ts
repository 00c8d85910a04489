import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/**
 * The DPGF domain's environment variables, with their rules. Messages name the variable because a person reads
 * them when a process refuses to start. docs/configuration.md lists them.
 */
export class DpgfEnvironment {
  @IsOptional()
  @Matches(/^(sqlite:|mysql:\/\/|mariadb:\/\/)/, {
    message: 'DPGF_DATABASE_URL must be a sqlite: or mysql:// URL (the pricing database)',
  })
  DPGF_DATABASE_URL?: string;

  @IsOptional()
  @IsIn(['file', 'graph'], { message: 'DPGF_SOURCE must be file or graph' })
  DPGF_SOURCE?: string;

  @IsOptional()
  @Matches(/^\/[^,]*(,\/[^,]*)*$/, {
    message: 'DPGF_FOLDER_ROOTS must be absolute folder paths separated by commas',
  })
  DPGF_FOLDER_ROOTS?: string;

  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'GRAPH_API_URL must be the http(s) URL of Microsoft Graph (…/v1.0)' })
  GRAPH_API_URL?: string;

  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'GRAPH_AUTHORITY_HOST must be the http(s) URL of the Entra ID sign-in host' })
  GRAPH_AUTHORITY_HOST?: string;

  @IsOptional()
  @Matches(/^[\w.-]{1,100}$/, { message: 'GRAPH_TENANT_ID must be the directory (tenant) id or domain' })
  GRAPH_TENANT_ID?: string;

  @IsOptional()
  @Matches(/^[\w-]{1,100}$/, { message: 'GRAPH_CLIENT_ID must be the application (client) id' })
  GRAPH_CLIENT_ID?: string;

  @IsOptional()
  @IsString({ message: 'GRAPH_CLIENT_SECRET must be the application secret' })
  @MaxLength(500, { message: 'GRAPH_CLIENT_SECRET must be at most 500 characters' })
  GRAPH_CLIENT_SECRET?: string;

  @IsOptional()
  @Matches(/^[\w!-]{1,200}$/, { message: 'GRAPH_DRIVE_ID must be the id of the SharePoint document library (drive)' })
  GRAPH_DRIVE_ID?: string;

  @IsOptional()
  @IsString({ message: 'GEMINI_API_KEY must be a Gemini API key' })
  @MaxLength(200, { message: 'GEMINI_API_KEY must be at most 200 characters' })
  GEMINI_API_KEY?: string;

  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'GEMINI_BASE_URL must be the http(s) URL of the Gemini API' })
  GEMINI_BASE_URL?: string;

  @IsOptional()
  @Matches(/^[\w.-]{1,100}$/, { message: 'GEMINI_MODEL must be a Gemini model name such as gemini-2.5-flash' })
  GEMINI_MODEL?: string;
}
