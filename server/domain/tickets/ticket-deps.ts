// What the ticket services are built with (services.ts): the database, the configuration, the working-day
// calendar (calendar/calendar.service.ts, seen here only as its current calendar) and the one ticket writer.
import type { Config } from '../../../config/default.ts';
import type { Db } from '../../lib/db.ts';
import type { WorkCalendar } from '../../lib/calendar.ts';
import type { TicketWriter } from './ticket-writer.ts';

export interface CurrentCalendar {
  current(): Promise<WorkCalendar>;
}

export interface TicketDeps {
  db: Db;
  config: Config;
  calendar: CurrentCalendar;
  writer: TicketWriter;
}
