// Another instance of the service, in its own process, running one escalation sweep on the test database
// (tests run two at once, or kill one mid-way). Prints "done <ticket id>" inside each ticket's transaction
// (before its commit) when PROGRESS=1, waits SLOW_MS there, and the sweep's result as JSON at the end.
//   DB_CLIENT, DB_FILE | DATABASE_URL, NOW (ISO), PROGRESS, SLOW_MS
import { loadConfig } from '../../config/default.ts';
import { createDb } from '../../server/lib/db.ts';
import { clock } from '../../server/lib/clock.ts';
import { createLogger } from '../../server/lib/logger.ts';
import { createServices } from '../../server/services.ts';

const config = loadConfig({ logLevel: process.env.WORKER_LOG ?? 'silent', demoData: false });
const db = createDb(config);
const services = createServices({ db, config, logger: createLogger(config.logLevel) });
clock.set(process.env.NOW!);
await services.calendar.reload(); // as bootstrap does at start
const slow = Number(process.env.SLOW_MS ?? 0);
const progress = process.env.PROGRESS === '1';
const result = await services.escalations.sweep({
  afterTicket:
    progress || slow
      ? async (id) => {
          if (progress) process.stdout.write(`done ${id}\n`);
          if (slow) await new Promise((r) => setTimeout(r, slow));
        }
      : undefined,
});
process.stdout.write(`${JSON.stringify(result)}\n`);
await db.destroy();
