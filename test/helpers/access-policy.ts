// The access-control policy the matrix test (test/integration/access-matrix.test.ts) holds the app to: one entry per
// route the app serves, naming who may call it (docs/rules/access.md). A route without an entry fails the test.
export type Who = 'operator' | 'handler:own' | 'handler:other' | 'supervisor' | 'admin';
export const WHO: Who[] = ['operator', 'handler:own', 'handler:other', 'supervisor', 'admin'];
const ANY = WHO;
/** `public`: no session needed, nothing to refuse. `key`: the caller proves itself with a key (see the key tests). */
export type Rule = Who[] | 'public' | 'key';

// Who may call each route (docs/rules/access.md). `handler:own` is a handler of the department that holds the
// fixture (ticket, rating, article, device); `handler:other` one of another department. Paths without /api/v1.
export const POLICY: Record<string, Rule> = {
  'GET /healthz': 'public',
  'POST /auth/login': 'public',
  // Ends the session presented, if any: nothing to refuse (204 either way).
  'POST /auth/logout': 'public',
  'POST /auth/password': ANY,
  'GET /auth/me': ANY,
  'GET /departments': ANY, 'GET /departments/groups': ANY, 'GET /departments/:id': ANY,
  'POST /departments': ['admin'], 'PATCH /departments/:id': ['admin'],
  'GET /categories': ANY, 'GET /categories/:id': ANY, 'POST /categories': ['admin'], 'PATCH /categories/:id': ['admin'],
  'GET /users': ['supervisor', 'admin'],
  'GET /users/:id': ['admin'], 'POST /users': ['admin'], 'PATCH /users/:id': ['admin'], 'POST /users/:id/password': ['admin'],
  'GET /calendar/status': ANY, 'GET /calendar/years/:year': ANY, 'GET /calendar': ANY,
  'PUT /calendar/years/:year': ['admin'], 'PUT /calendar/:date': ['admin'], 'DELETE /calendar/:date': ['admin'],
  // Work orders: lists are scoped to the reader; a ticket is read by the hotline and the department holding it.
  'POST /tickets': ['operator'],
  'GET /tickets': ANY,
  'GET /tickets/duplicates': ['operator', 'supervisor'],
  'GET /tickets/queue': ['operator', 'supervisor', 'admin'],
  'GET /tickets/:id': ['operator', 'handler:own', 'supervisor', 'admin'],
  'POST /tickets/:id/dispatch': ['operator'],
  'POST /tickets/:id/sign': ['handler:own'],
  'POST /tickets/:id/reply': ['handler:own'],
  'POST /tickets/:id/callback': ['operator'],
  'POST /tickets/:id/callback-failed': ['operator'],
  'GET /tickets/:id/callback': ['operator', 'supervisor', 'admin'],
  'POST /tickets/:id/answer': ['operator'],
  'POST /tickets/:id/merge': ['operator'],
  'POST /tickets/:id/recall': ['operator'],
  'POST /tickets/:id/supervise': ['supervisor'],
  'POST /tickets/:id/resume': ['handler:own', 'supervisor'],
  'POST /tickets/:id/return': ['handler:own'],
  'POST /tickets/:id/extension': ['handler:own'],
  'POST /tickets/:id/suspend': ['handler:own'],
  'POST /tickets/:id/contact': ['handler:own'],
  'POST /tickets/:id/reveal-phone': ['handler:own'],
  'GET /requests': ['supervisor', 'admin'],
  'POST /tickets/:id/:kind/:requestId/decision': ['supervisor'],
  'GET /tickets/:id/rating-link': ['operator', 'supervisor', 'admin'],
  // Figures and reports: supervisors and administrators; the monthly board is the supervisors' to publish.
  'GET /stats/departments': ['supervisor', 'admin'], 'GET /reports/departments': ['supervisor', 'admin'],
  'GET /reports/categories': ['supervisor', 'admin'], 'GET /stats/departments/:id/tickets': ['supervisor', 'admin'],
  'GET /stats/daily': ['supervisor', 'admin'], 'GET /reports/departments.xlsx': ['supervisor', 'admin'],
  'GET /reports/departments.csv': ['supervisor', 'admin'], 'GET /reports/bulletin': ['supervisor', 'admin'],
  'GET /leaderboards': ['supervisor', 'admin'], 'GET /leaderboards/:month': ['supervisor', 'admin'],
  'POST /leaderboards/:month/publish': ['supervisor'],
  'GET /stats/overview': ['supervisor', 'admin'], 'GET /dashboard': ['supervisor', 'admin'],
  'POST /display-links': ['admin'], 'GET /display-links': ['admin'], 'POST /display-links/:id/revoke': ['admin'],
  'GET /stats/verify': ['admin'],
  'GET /windows': ANY, 'GET /windows/:id': ANY, 'POST /windows': ['admin'], 'PATCH /windows/:id': ['admin'],
  'GET /staff': ANY, 'GET /staff/:id': ANY, 'POST /staff': ['admin'], 'PATCH /staff/:id': ['admin'],
  // A printable rating code: administrators and the department's own handlers.
  'GET /windows/:id/qr.:format': ['handler:own', 'admin'], 'GET /staff/:id/qr.:format': ['handler:own', 'admin'],
  'GET /devices': ['handler:own', 'handler:other', 'supervisor', 'admin'],
  'GET /devices/:id': ['admin'], 'POST /devices': ['admin'], 'POST /devices/:id/revoke': ['admin'],
  'PUT /devices/:id/on-duty': ['handler:own', 'admin'],
  'POST /device/ratings': 'key', 'PUT /device/on-duty': 'key',
  // Ratings: a department reads and appeals its own; supervisors decide appeals and held bursts.
  'GET /ratings': ANY,
  'GET /ratings/bursts': ['supervisor', 'admin'],
  'POST /ratings/bursts/decision': ['supervisor'],
  'GET /ratings/:id': ['operator', 'handler:own', 'supervisor', 'admin'],
  'POST /ratings/:id/appeal': ['handler:own'],
  'POST /ratings/:id/appeal/decision': ['supervisor'],
  'GET /public/rating-tokens/:token': 'public', 'POST /public/ratings': 'public',
  'GET /public/tickets/:number': 'public',
  'GET /public/leaderboards/latest': 'public', 'GET /public/leaderboards/:month': 'public',
  // The settings the pages word their rules with (the published board is read without a session).
  'GET /settings/public': 'public',
  // Calls: an operator posts with a session, the telephone system with X-CTI-Key (the key test).
  'POST /calls': ['operator'],
  'GET /calls': ['operator', 'supervisor', 'admin'], 'GET /calls/current': ['operator'],
  'GET /calls/:id': ['operator', 'supervisor', 'admin'], 'GET /stats/calls': ['operator', 'supervisor', 'admin'],
  'POST /cti-keys': ['admin'], 'GET /cti-keys': ['admin'], 'POST /cti-keys/:id/revoke': ['admin'],
  'GET /callbacks': ['operator', 'supervisor', 'admin'], 'GET /callbacks/:id': ['operator', 'supervisor', 'admin'],
  'POST /callbacks/:id/attempts': ['operator'], 'POST /callbacks/:id/done': ['operator'],
  // Knowledge: read by all staff; written by supervisors, administrators and a handler for their own department.
  'GET /knowledge': ANY, 'GET /knowledge/:id': ANY,
  'POST /knowledge': ['handler:own', 'handler:other', 'supervisor', 'admin'],
  'PATCH /knowledge/:id': ['handler:own', 'supervisor', 'admin'],
  'DELETE /knowledge/:id': ['handler:own', 'supervisor', 'admin'],
  'POST /open311-keys': ['admin'], 'GET /open311-keys': ['admin'], 'POST /open311-keys/:id/revoke': ['admin'],
  'GET /supervisions': ['handler:own', 'handler:other', 'supervisor', 'admin'],
  // Open311 GeoReport v2: reads are public, a submission carries a partner's api_key (the key test).
  'GET /open311/v2/discovery.json': 'public', 'GET /open311/v2/services.json': 'public',
  'GET /open311/v2/services/:code.json': 'public', 'GET /open311/v2/requests.json': 'public',
  'GET /open311/v2/requests/:id.json': 'public', 'POST /open311/v2/requests.json': 'key',
  'ALL /open311/v2': 'public', 'ALL /open311/v2/{*rest}': 'public',
};
