// Builds every service once from the shared dependencies; routes and jobs receive this object.
import type { Config } from '../config/default.ts';
import type { Db } from './lib/db.ts';
import type { Logger } from './lib/logger.ts';
import { AuthService } from './domain/auth/auth.service.ts';
import { CalendarService } from './domain/calendar/calendar.service.ts';
import { CategoriesService } from './domain/categories/categories.service.ts';
import { CatalogueService } from './domain/categories/catalogue.service.ts';
import { DepartmentsService } from './domain/departments/departments.service.ts';
import { DigestService } from './domain/digest/digest.service.ts';
import { EscalationService } from './domain/escalations/escalation.service.ts';
import { JobsService } from './domain/jobs/jobs.service.ts';
import { DataReportService } from './domain/data-report/data-report.service.ts';
import { OutboxService } from './domain/outbox/outbox.service.ts';
import { EscalationSchedule } from './domain/escalations/escalation-schedule.ts';
import { TicketWriter } from './domain/tickets/ticket-writer.ts';
import { callsRepository } from './domain/calls/calls.repository.ts';
import { RatingStore } from './domain/ratings/rating-store.ts';
import { RatingBatcher } from './domain/ratings/rating-batcher.ts';
import { issueSupervision } from './domain/supervisions/issue-supervision.ts';
import { DevicesService } from './domain/devices/devices.service.ts';
import { FiguresService } from './domain/figures/figures.service.ts';
import { LeaderboardService } from './domain/leaderboard/leaderboard.service.ts';
import { BulletinService } from './domain/reports/bulletin.service.ts';
import { OverviewService } from './domain/dashboard/overview.service.ts';
import { DisplayLinksService } from './domain/display/display-links.service.ts';
import { TicketActionsService } from './domain/tickets/ticket-actions.service.ts';
import { PublicProgressService } from './domain/tickets/public-progress.service.ts';
import { RatingInvitations } from './domain/sms/rating-invitations.ts';
import { CallsService } from './domain/calls/calls.service.ts';
import { CallRecordingsService } from './domain/calls/call-recordings.service.ts';
import { CallbacksService } from './domain/calls/callbacks.service.ts';
import { CtiKeysService } from './domain/calls/cti-keys.service.ts';
import { KnowledgeService, recordArticleUse } from './domain/knowledge/knowledge.service.ts';
import { TicketRequestsService } from './domain/tickets/ticket-requests.service.ts';
import { DesignationService } from './domain/tickets/designation.service.ts';
import { TicketContactService } from './domain/tickets/ticket-contact.service.ts';
import { UnreasonableService } from './domain/unreasonable/unreasonable.service.ts';
import { LevelsService } from './domain/tickets/levels.service.ts';
import { DispatchQueueService } from './domain/tickets/dispatch-queue.service.ts';
import { TicketsService } from './domain/tickets/tickets.service.ts';
import { UsersService } from './domain/users/users.service.ts';
import { PublicRatingsService } from './domain/ratings/public-ratings.service.ts';
import { RatingAppealsService } from './domain/ratings/rating-appeals.service.ts';
import { RatingFlagsService } from './domain/ratings/rating-flags.service.ts';
import { RatingsService } from './domain/ratings/ratings.service.ts';
import { WindowsService } from './domain/windows/windows.service.ts';
import { Open311Service } from './domain/open311/open311.service.ts';
import { Open311KeysService } from './domain/open311/open311-keys.service.ts';
import { UpstreamOrdersService } from './domain/upstream/upstream-orders.service.ts';
import { SupervisionsService } from './domain/supervisions/supervisions.service.ts';
import { SuggestService } from './domain/suggest/suggest.service.ts';
import { AttachmentsService } from './domain/attachments/attachments.service.ts';
import { BlobStores } from './domain/attachments/blob-store.ts';
import { SmsService } from './domain/sms/sms.service.ts';
import { Signer } from './lib/signing.ts';
import { Sealer } from './lib/sealing.ts';
import { PeersService } from './domain/peers/peers.service.ts';
import { LinkageService } from './domain/linkage/linkage.service.ts';
import { LinkageInbound } from './domain/linkage/linkage-inbound.ts';
import { SurgeWarningsService } from './domain/hotspots/surge-warnings.service.ts';
import { AreaMapService } from './domain/hotspots/area-map.service.ts';
import { SurgeDetector } from './domain/hotspots/surge-detector.ts';
import type { WorkCalendar } from './lib/calendar.ts';

export interface Deps {
  db: Db;
  config: Config;
  logger: Logger;
}

export function createServices(deps: Deps) {
  // The escalation policy is handed to the one ticket writer here (the calendar is asked when a deadline is set).
  const schedule = new EscalationSchedule({
    calendar: (): Promise<WorkCalendar> => calendar.current(),
    headAfterWorkdays: deps.config.rules.escalateHeadAfterWorkdays,
  });
  const writer = new TicketWriter(deps.db, schedule);
  const calendar = new CalendarService(deps.db, writer, deps.config);
  const ticketDeps = { db: deps.db, config: deps.config, calendar, writer };
  // Every rating is written through the one store; the device hot path batches its good ratings through it.
  const ratingStore = new RatingStore(ticketDeps);
  const ratingDeps = { ...ticketDeps, store: ratingStore };
  const actions = new TicketActionsService({ ...ticketDeps, ratings: ratingStore, recordArticleUse, issueSupervision });
  const tickets = new TicketsService({ ...ticketDeps, actions, calls: callsRepository });
  // Holds the SECRET once bootstrap has read or generated it (QR codes are signed with it).
  const signer = new Signer();
  // Holds the key that seals the peers' shared secrets (docs/integration.md), derived from the same SECRET.
  const sealer = new Sealer();
  const devices = new DevicesService(deps.db, deps.config.ratings);
  const auth = new AuthService(deps.db, deps.config.auth);
  const figures = new FiguresService(deps.db, deps.config.figures.scope);
  const leaderboard = new LeaderboardService(deps.db, figures, deps.config);
  // Files on orders, stored once by content on the disk or an S3-compatible store (docs/rules/attachments.md).
  const attachments = new AttachmentsService({ ...ticketDeps, stores: new BlobStores(deps.config.attachments) });
  const jobs = new JobsService(deps.db, deps.config.jobs.leaseSeconds * 1000);
  // The map of hot spots (热点地图): the uploaded areas and their shading, also on the dashboard's picture
  // (docs/rules/hot-spots.md "The map").
  const areaMaps = new AreaMapService(deps.db, deps.config.areaMap.maxBytes);
  return {
    ...deps,
    auth,
    calendar,
    categories: new CategoriesService(deps.db),
    catalogue: new CatalogueService(deps.db, deps.config),
    departments: new DepartmentsService(deps.db),
    figures,
    leaderboard,
    overview: new OverviewService(deps.db, figures, leaderboard, deps.config, areaMaps),
    bulletin: new BulletinService(deps.db, figures, leaderboard, deps.config.intake.answeredWithinSeconds),
    displayLinks: new DisplayLinksService(deps.db, deps.config.publicUrl),
    users: new UsersService(deps.db, deps.config.auth.scryptCost, auth),
    tickets,
    actions,
    requests: new TicketRequestsService(ticketDeps),
    designations: new DesignationService({ ...ticketDeps, actions }),
    contact: new TicketContactService(ticketDeps),
    unreasonable: new UnreasonableService(ticketDeps),
    levels: new LevelsService(ticketDeps),
    dispatchQueue: new DispatchQueueService(deps.db, deps.config.intake.dispatchWaitWarnMinutes),
    publicProgress: new PublicProgressService(deps.db, deps.config.rateLimit),
    ratingInvitations: new RatingInvitations(deps),
    escalationSchedule: schedule,
    escalations: new EscalationService({ ...deps, schedule, writer }),
    outbox: new OutboxService({ ...deps, sealer }),
    sms: new SmsService(deps),
    digest: new DigestService(deps),
    jobs,
    calls: new CallsService(deps.db, deps.config.intake),
    recordings: new CallRecordingsService(deps.db, deps.config.recordings, deps.logger),
    callbacks: new CallbacksService(deps.db, deps.config.intake.missedCallbackHours),
    ctiKeys: new CtiKeysService(deps.db, deps.config.intake.ctiKeyCacheMs),
    knowledge: new KnowledgeService(deps.db),
    signer,
    sealer,
    peers: new PeersService({ ...deps, sealer }),
    windows: new WindowsService({ ...ticketDeps, signer, devices }),
    devices,
    ratings: new RatingsService({ ...ratingDeps, devices, batcher: new RatingBatcher(ratingDeps) }),
    publicRatings: new PublicRatingsService({ ...ratingDeps, signer }),
    appeals: new RatingAppealsService(ratingDeps),
    ratingFlags: new RatingFlagsService(ratingDeps),
    open311: new Open311Service({ ...ticketDeps, tickets, keys: new Open311KeysService(deps.db), attachments }),
    // Orders sent down by upstream platforms (上级平台), signed with their keys (docs/integration.md).
    upstreamOrders: new UpstreamOrdersService({ db: deps.db, sealer, tickets }),
    supervisions: new SupervisionsService(deps.db),
    // The suggested dispatch's model, learnt from the city's orders and kept in this instance's memory.
    suggest: new SuggestService(deps.db, deps.logger),
    attachments,
    // 联动工单 with 110/119/120/122 (docs/integration.md): sent through the webhook outbox, received as tickets.
    linkage: new LinkageService({ db: deps.db, publicUrl: deps.config.publicUrl }),
    linkageInbound: new LinkageInbound({ db: deps.db, tickets }),
    // Surges (突增预警): counts orders per area and category, raises and extends warnings (docs/rules/hot-spots.md).
    surges: new SurgeDetector(deps),
    // The daily data report to the provincial data platform (docs/integration.md "Daily data reporting").
    dataReports: new DataReportService(deps.db, figures, deps.config, deps.logger, jobs.holder),
    areaMaps,
    // Surge warnings' life (预警处置): acknowledged, assigned and closed by supervisors (docs/rules/hot-spots.md).
    surgeWarnings: new SurgeWarningsService(deps.db, deps.config),
  };
}

export type Services = ReturnType<typeof createServices>;
