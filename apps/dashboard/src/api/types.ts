import type { components, paths } from './openapi.gen';

/**
 * The API's shapes, as the gateway's OpenAPI document describes them (openapi.gen.ts, generated; see
 * test/dashboard/api-types.e2e-spec.ts). A field renamed on the gateway breaks the build here.
 */
type Schemas = components['schemas'];

export type ApiErrorBody = Schemas['ApiErrorResponse'];
export type FlowSummary = Schemas['FlowSummaryResponse'];
export type RunSummary = Schemas['RunSummaryResponse'];
export type RunDetail = Schemas['RunDetailResponse'];
export type RunPage = Schemas['RunPageResponse'];
export type RunState = Schemas['RunState'];
export type StepSummary = Schemas['StepSummaryResponse'];
export type LogLine = Schemas['LogLineResponse'];
export type LogPage = Schemas['LogPageResponse'];
export type Report = Schemas['ReportResponse'];
export type DeploymentSummary = Schemas['DeploymentSummaryResponse'];
export type RunStats = Schemas['RunStatsResponse'];
export type FlowStats = Schemas['FlowStatsResponse'];
export type HealthReport = Schemas['HealthReportResponse'];
export type PlatformQueues = Schemas['PlatformQueuesResponse'];
export type QueueStatus = Schemas['QueueStatusResponse'];
export type Session = Schemas['SessionResponse'];
export type TokenRole = Session['role'];

/** The query parameters `GET /api/runs` accepts. */
export type ListRunsQuery = NonNullable<paths['/api/runs']['get']['parameters']['query']>;
export type DpgfImport = Schemas['DpgfImportResponse'];
export type DpgfImportPage = Schemas['DpgfImportPageResponse'];
export type DpgfImportFailurePage = Schemas['DpgfImportFailurePageResponse'];
export type BulkRunActionResult = Schemas['BulkRunActionResponse'];
export type DocumentEntry = Schemas['DocumentResponse'];
export type DocumentList = Schemas['DocumentPageResponse'];
export type DocumentQueryAnswer = Schemas['DocumentQueryAnswerResponse'];
export type DocumentUploadResult = Schemas['DocumentUploadResponse'];
export type RagPageList = Schemas['RagPageListResponse'];
export type PublishedArtistList = Schemas['PublishedArtistListResponse'];
export type PublishedArtist = Schemas['PublishedArtistResponse'];
export type RagQueryAnswer = Schemas['RagQueryResponse'];
export type DpgfClientPage = Schemas['DpgfClientPageResponse'];
export type DpgfSchedulePage = Schemas['DpgfSchedulePageResponse'];
export type DpgfLot = Schemas['DpgfLotResponse'];
export type DpgfLotSections = Schemas['DpgfLotSectionsResponse'];
export type DpgfSection = Schemas['DpgfSectionResponse'];
