// Builds every service once from the shared dependencies; routes and jobs receive this object.
import type { Config } from '../config/default.ts';
import type { Db } from './lib/db.ts';
import type { Logger } from './lib/logger.ts';
import { AuthService } from './domain/auth/auth.service.ts';
import { CalendarService } from './domain/calendar/calendar.service.ts';
import { CategoriesService } from './domain/categories/categories.service.ts';
import { DepartmentsService } from './domain/departments/departments.service.ts';
import { FiguresService } from './domain/figures/figures.service.ts';
import { LeaderboardService } from './domain/leaderboard/leaderboard.service.ts';
import { TicketActionsService } from './domain/tickets/ticket-actions.service.ts';
import { TicketRequestsService } from './domain/tickets/ticket-requests.service.ts';
import { TicketsService } from './domain/tickets/tickets.service.ts';
import { UsersService } from './domain/users/users.service.ts';

export interface Deps {
  db: Db;
  config: Config;
  logger: Logger;
}

export function createServices(deps: Deps) {
  const calendar = new CalendarService(deps.db);
  const ticketDeps = { db: deps.db, config: deps.config, calendar };
  const figures = new FiguresService(deps.db);
  return {
    ...deps,
    auth: new AuthService(deps.db, deps.config.auth),
    calendar,
    categories: new CategoriesService(deps.db),
    departments: new DepartmentsService(deps.db),
    figures,
    leaderboard: new LeaderboardService(deps.db, figures, deps.config),
    users: new UsersService(deps.db, deps.config.auth.scryptCost),
    tickets: new TicketsService(ticketDeps),
    actions: new TicketActionsService(ticketDeps),
    requests: new TicketRequestsService(ticketDeps),
  };
}

export type Services = ReturnType<typeof createServices>;
