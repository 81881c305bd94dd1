import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import { ShutdownSignal } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Logger } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { serveAdminUi } from './admin-ui';
import { ErrorCode } from '@werkbank/contracts';
import { AppModule, AppModuleOptions } from './app.module';
import { secureDataDir } from './config/data-dir';
import { secureContextOptions } from './config/tls';
import { DomainError } from './common/domain-error';
import { toApiErrorBody } from './common/error.filter';
import { installHttpEdge } from './common/http-edge';
import { QuietFrameworkLogger } from './common/logging';
import { JSON_BODY_LIMIT } from './common/http-limits';
import { AuthService } from './auth/auth.service';
import { tokenFromRequest } from './auth/auth.guard';
import { requestIdOf } from './common/request-id';
import { createValidationPipe } from './common/validation';
import { addContractSchemas } from './common/openapi';

/**
 * Build the configured application (not yet listening). Used by main.ts, the e2e tests and the benchmarks.
 *
 * Fastify rather than Express: on this stack Express answered a bare health check ~4 000 times a second on one
 * core and Fastify ~17 000 (measured in docs/benchmarks.md); the staff API's list pages need that headroom.
 */
export async function createApp(options: AppModuleOptions): Promise<NestFastifyApplication> {
  secureDataDir(options.config);
  const httpsFiles = options.config.httpsFiles;
  const adapter = new FastifyAdapter({
    // HTTPS with the operator's certificate (TLS_CERT_FILE/TLS_KEY_FILE): the API, the admin UI and socket.io.
    ...(httpsFiles ? { https: secureContextOptions(httpsFiles) } : {}),
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: options.config.trustProxy,
    genReqId: (raw: IncomingMessage) => requestIdOf(raw),
    // Errors Fastify answers before routing (a malformed percent-encoding in the path) get the one error body.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const body = toApiErrorBody(
        new DomainError(
          ErrorCode.ValidationFailed,
          `The address is not valid (${error.code}). Check the link or the percent-encoding in the path.`,
        ),
      );
      body.correlationId = String(request.id);
      void reply.code(body.statusCode).header('x-request-id', request.id).send(body);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(options), adapter, {
    bufferLogs: true,
    // The JSON parser is ours (common/http-edge: an empty body is no error); Nest must not add its own.
    bodyParser: false,
  });
  app.useLogger(new QuietFrameworkLogger(app.get(Logger)));
  // gzip/brotli for the admin UI's bundles and JSON lists (the UI budget counts compressed bytes).
  await app.register(fastifyCompress, { threshold: 1024 });
  await app.register(fastifyCookie);
  const fastify = app.getHttpAdapter().getInstance();
  // The correlation id goes back to the caller, so a support request can name it.
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  // Errors Fastify raises before a route runs (bad JSON, body too large, unknown type) reach ApiErrorFilter.
  // No parser limit of its own: the route's (http-edge: large for the import only, after login) applies.
  fastify.addContentTypeParser('text/csv', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  const auth = app.get(AuthService);
  installHttpEdge(fastify, {
    allowedOrigins: options.config.allowedOrigins,
    async roleOf(request) {
      const token = tokenFromRequest(request.headers);
      if (!token) return null;
      try {
        return (await auth.authenticate(token))?.role ?? null;
      } catch {
        return null;
      }
    },
  });
  await serveAdminUi(app, options.config.ADMIN_UI_DIR);
  app.setGlobalPrefix('api');
  app.useGlobalPipes(createValidationPipe());
  // With TLS, SIGHUP reloads the certificates (main.ts, tls-reload.ts) instead of shutting down.
  const tls = httpsFiles !== null || options.config.mqttTlsPort !== null;
  app.enableShutdownHooks(
    tls ? Object.values(ShutdownSignal).filter((signal) => signal !== ShutdownSignal.SIGHUP) : [],
  );
  const openApi = new DocumentBuilder()
    .setTitle('Werkbank API')
    .setDescription(
      'Staff API of Werkbank: members, cards, trainings, machines, sites, devices, sessions. Log in with ' +
        'POST /api/auth/login, then send the token as `Authorization: Bearer <token>` (or the wb_session ' +
        'cookie the login sets). Every error has the body ApiErrorBody. Response shapes: libs/contracts/src/api.',
    )
    .setVersion('1')
    .addBearerAuth()
    .addCookieAuth('wb_session')
    .build();
  SwaggerModule.setup('api/docs', app, () => addContractSchemas(SwaggerModule.createDocument(app, openApi)), {
    jsonDocumentUrl: 'api/docs-json',
  });
  return app;
}
