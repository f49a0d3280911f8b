// Load config -> migrate -> listen; stop cleanly on SIGTERM/SIGINT.
import http from 'node:http';
import { loadConfigOrExit } from '../config/default.ts';
import { createDb } from './lib/db.ts';
import { createLogger } from './lib/logger.ts';
import { createServices } from './services.ts';
import { createApp } from './app.ts';
import { bootstrap } from './bootstrap.ts';
import { Scheduler } from '../jobs/scheduler.ts';
import { LiveHub } from './live/hub.ts';

const DRAIN_MS = 6_000;

async function main() {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel);
  const db = createDb(config);
  const services = createServices({ db, config, logger });
  await bootstrap(services);
  // The suggested dispatch learns from the city's orders (the demo's too) while the server starts listening.
  services.suggest.train().catch((err) => logger.error({ err }, 'suggestion model not learnt'));
  const app = await createApp(services);
  const server = http.createServer(app.callback());
  const hub = new LiveHub(services);
  hub.attach(server);
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  logger.info({ url: `http://${config.host}:${config.port}`, db: config.dbClient }, 'Hotline is serving');
  // Scheduled jobs (escalation, mail, digest...) run in every instance; database leases keep each tick to one.
  const scheduler = config.jobs.enabled ? new Scheduler(services) : null;
  void scheduler?.start();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    // Requests under way are answered before the database goes: new connections are refused at once, connections
    // still busy get until their keep-alive ends (at most DRAIN_MS), then whatever is left is cut.
    const drained = new Promise((resolve) => server.close(resolve));
    server.closeIdleConnections();
    await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, DRAIN_MS))]);
    server.closeAllConnections();
    await hub.close();
    // A running job finishes (the sweep stops between tickets); whatever it did not reach is redone later.
    await scheduler?.stop();
    services.outbox.close();
    // Handlers of the requests just cut may still be waiting for a connection: let them finish before closing.
    const pool = (db.client as { pool?: { numUsed(): number; numPendingAcquires(): number } }).pool;
    for (let waited = 0; pool && pool.numUsed() + pool.numPendingAcquires() > 0 && waited < DRAIN_MS; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await db.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
