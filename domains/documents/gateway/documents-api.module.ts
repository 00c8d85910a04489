import { Module } from '@nestjs/common';
import { join } from 'node:path';
import { MulterModule } from '@nestjs/platform-express';
import { RELAIS_CONFIG, type RelaisConfig } from '@relais/config';
import { DocumentsCorpusModule } from '../integrations/documents-corpus.module';
import { documentsSettingsOf } from '../settings/documents.settings';
import { DocumentQuestions } from './document-questions';
import { INCOMING_FOLDER } from '../paths/document-paths';
import { DocumentUploads } from './document-uploads';
import { DocumentsController } from './documents.controller';

/**
 * The documents part of the gateway, mounted under /api/documents. Uploads are streamed by multer to the inbox's
 * .incoming folder, at most DOCUMENTS_MAX_BYTES and one file a request, then checked and moved in.
 */
@Module({
  imports: [
    DocumentsCorpusModule,
    MulterModule.registerAsync({
      inject: [RELAIS_CONFIG],
      useFactory: (config: RelaisConfig) => {
        const settings = documentsSettingsOf(config);
        return {
          dest: join(settings.inboxDir, INCOMING_FOLDER),
          defParamCharset: 'utf8',
          limits: { fileSize: settings.ingest.maxBytes, files: 1, fields: 4, parts: 5, fieldSize: 1024 },
        };
      },
    }),
  ],
  controllers: [DocumentsController],
  providers: [DocumentQuestions, DocumentUploads],
})
export class DocumentsApiModule {}
