import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import compression from 'compression';
import * as express from 'express';
import { Logger } from 'nestjs-pino';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AppModule, AppModuleOptions, databaseSettings } from './app.module';
import { createValidationPipe } from './common/validation';

/** Build the configured application (not yet listening). Used by main.ts, the e2e tests and the benchmarks. */
export async function createApp(options: AppModuleOptions): Promise<NestExpressApplication> {
  const db = databaseSettings(options.config);
  if (db.type === 'sqlite' && db.location !== ':memory:') mkdirSync(dirname(resolve(db.location)), { recursive: true });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  // gzip for the admin UI's bundles and JSON lists (the UI budget counts compressed bytes).
  app.use(compression());
  app.use('/api', express.json({ limit: '1mb' }), express.text({ type: 'text/csv', limit: '10mb' }));
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  const openApi = new DocumentBuilder()
    .setTitle('Werkbank API')
    .setDescription('Staff API of Werkbank: members, cards, trainings, machines, sites, devices, sessions.')
    .setVersion('1')
    .addBearerAuth()
    .addCookieAuth('wb_session')
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi), {
    jsonDocumentUrl: 'api/docs-json',
  });
  return app;
}
