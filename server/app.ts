// Builds the Koa application from its services; never listens (main.ts does, tests use app.callback()).
import Koa from 'koa';
import { Router } from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import type { Services } from './services.ts';
import { buildAssets, pageRoutes } from './http/pages.ts';
import { errorHandler } from './http/middleware/error-handler.ts';
import { refusalAuditor } from './domain/audit/refusals.ts';
import { authenticate } from './http/middleware/auth.ts';
import { jsonOnly, ownPagesOnly } from './http/middleware/csrf.ts';
import { securityHeaders } from './http/middleware/security-headers.ts';
import { authRoutes } from './http/routes/auth.routes.ts';
import { adminRoutes } from './http/routes/admin.routes.ts';
import { catalogueRoutes } from './http/routes/catalogue.routes.ts';
import { ticketRoutes } from './http/routes/tickets.routes.ts';
import { unreasonableRoutes } from './http/routes/unreasonable.routes.ts';
import { suggestRoutes } from './http/routes/suggest.routes.ts';
import { levelRoutes } from './http/routes/levels.routes.ts';
import { figuresRoutes } from './http/routes/figures.routes.ts';
import { windowRoutes } from './http/routes/windows.routes.ts';
import { deviceRoutes } from './http/routes/devices.routes.ts';
import { ratingRoutes } from './http/routes/ratings.routes.ts';
import { publicRatingRoutes } from './http/routes/public-ratings.routes.ts';
import { callRoutes } from './http/routes/calls.routes.ts';
import { smsRoutes } from './http/routes/sms.routes.ts';
import { peersRoutes } from './http/routes/peers.routes.ts';
import { knowledgeRoutes } from './http/routes/knowledge.routes.ts';
import { publicProgressRoutes } from './http/routes/public-progress.routes.ts';
import { publicLeaderboardRoutes } from './http/routes/public-leaderboard.routes.ts';
import { open311KeyRoutes, open311Routes } from './http/routes/open311.routes.ts';
import { supervisionRoutes } from './http/routes/supervisions.routes.ts';
import { disputeRoutes } from './http/routes/disputes.routes.ts';
import { settingsRoutes } from './http/routes/settings.routes.ts';
import { attachmentRoutes } from './http/routes/attachments.routes.ts';
import { dataReportRoutes } from './http/routes/data-reports.routes.ts';
import { linkageRoutes } from './http/routes/linkage.routes.ts';
import { upstreamRoutes } from './http/routes/upstream.routes.ts';
import { areaMapRoutes } from './http/routes/area-map.routes.ts';
import { surgeWarningRoutes } from './http/routes/surge-warnings.routes.ts';

export async function createApp(s: Services): Promise<Koa> {
  // Trusted, the proxy's own entry (the last in X-Forwarded-For) is the client: one spoofed by the client sits
  // before it.
  const app = new Koa({ proxy: s.config.trustProxy, maxIpsCount: 1 });
  app.use(securityHeaders(s.config));
  app.use(errorHandler(s.logger, refusalAuditor(s.db)));
  // Open311 (outside /api/v1) parses its own form bodies, so it comes before the app's parser.
  app.use(open311Routes(s).routes());
  app.use(jsonOnly());
  app.use(bodyParser({ enableTypes: ['json', 'form'], jsonLimit: '256kb', encoding: 'utf-8' }));

  const root = new Router();
  root.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });

  const api = new Router({ prefix: '/api/v1' });
  api.use(authenticate(s.auth));
  api.use(ownPagesOnly(s.config));
  for (const routes of [
    authRoutes(s),
    adminRoutes(s),
    catalogueRoutes(s),
    suggestRoutes(s),
    unreasonableRoutes(s),
    ticketRoutes(s),
    levelRoutes(s),
    figuresRoutes(s),
    windowRoutes(s),
    deviceRoutes(s),
    ratingRoutes(s),
    publicRatingRoutes(s),
    callRoutes(s),
    smsRoutes(s),
    peersRoutes(s),
    knowledgeRoutes(s),
    publicProgressRoutes(s),
    publicLeaderboardRoutes(s),
    open311KeyRoutes(s),
    supervisionRoutes(s),
    disputeRoutes(s),
    settingsRoutes(s),
    attachmentRoutes(s),
    dataReportRoutes(s),
    linkageRoutes(s),
    upstreamRoutes(s),
    areaMapRoutes(s),
    surgeWarningRoutes(s),
  ])
    // Without each router's allowedMethods(): mounted here, each matched every path, so every request ran through
    // 28 of them (the router composing ~60 functions per request: over 5% of a device rating's CPU in a profile),
    // and none ever answered. The api router runs a request's layers only when a route matched its path and
    // method, which allowedMethods then finds allowed; any other request falls through to the pages as before.
    api.use(routes.routes());

  app.use(root.routes());
  app.use(api.routes());
  app.use(pageRoutes(await buildAssets()).routes());
  return app;
}
