import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DomainError } from './common/domain-error';

/** Paths the UI never owns: an unknown one there is an API 404, not a page of the single-page app. */
const NOT_UI = /^\/(api|socket\.io)(\/|$)/;

/**
 * Serves the built admin UI (Vite output) next to the API: files as they are, hashed bundles cached for a year,
 * and index.html for every other GET so the UI's own routes (/members/…) survive a reload or a bookmark.
 */
export async function serveAdminUi(app: NestFastifyApplication, uiDir: string): Promise<void> {
  const root = resolve(uiDir);
  if (!existsSync(join(root, 'index.html'))) return;
  const assets = join(root, 'assets');
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    cacheControl: false, // our own headers below
    setHeaders: (res, path) => {
      res.setHeader(
        'cache-control',
        path.startsWith(assets) ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  app
    .getHttpAdapter()
    .getInstance()
    .get('/*', (request, reply: FastifyReply) => {
      const path = request.url.split('?')[0];
      if (NOT_UI.test(path)) throw DomainError.notFound('Route', `${request.method} ${path}`);
      return reply.header('cache-control', 'no-cache').sendFile('index.html', root);
    });
}
