// The daily data report to the provincial data platform (数据汇聚, docs/integration.md "Daily data reporting"): every
// finished day not yet reported, in order, each once: its files (DATA_REPORT_DIR) and its posts to every active
// data_report peer through the outbox. A day is recorded in job_runs (job 'data-report.day', period = the day) in
// the transaction that queues its posts, so a day is either wholly queued and recorded or not at all, and the next
// run goes on from the day after the last one recorded.
import type { Config } from '../../../config/default.ts';
import { localDate, nextDate } from '../../lib/calendar.ts';
import type { Db } from '../../lib/db.ts';
import { fromDbTime, toDbTime, withTransaction } from '../../lib/db.ts';
import type { Logger } from '../../lib/logger.ts';
import { clock } from '../../lib/clock.ts';
import { iso } from '../../lib/time.ts';
import { errors } from '../../lib/errors.ts';
import type { FiguresService } from '../figures/figures.service.ts';
import { peersRepository } from '../peers/peers.repository.ts';
import { webhookOutbox, type WebhookMessage } from '../peers/webhook-outbox.ts';
import type { PeerRow } from '../peers/peer.types.ts';
import { dataReportRepository as repo } from './data-report.repository.ts';
import { buildDayReport, PARTS, SCHEMA_VERSION, type DayReport } from './day-report.ts';
import { writeDayFiles } from './report-files.ts';
import { yieldToRequests } from '../../lib/yield.ts';

export interface ReportedDay {
  day: string;
  counts: Record<string, number>;
  sha256: Record<string, string>;
  posts: number;
  file: boolean;
  reported_at: string;
}

export class DataReportService {
  constructor(
    private readonly db: Db,
    private readonly figures: FiguresService,
    private readonly config: Config,
    private readonly logger: Logger,
    /** This instance's name in job_runs (JobsService.holder). */
    private readonly holder: string,
  ) {}

  /**
   * The days to report up to `upTo` (a finished day): from the day after the last one reported; on a fresh
   * install from DATA_REPORT_START or the first day with any record, at most DATA_REPORT_MAX_DAYS back. After
   * downtime every missed day is reported (no gap), however many.
   */
  async dueDays(upTo: string): Promise<string[]> {
    const { start, maxDays } = this.config.dataReport;
    const last = await repo.lastReportedDay(this.db);
    let from: string;
    if (last) from = nextDate(last);
    else {
      const first = await repo.firstActivity(this.db);
      from = start ?? (first ? localDate(fromDbTime(first)!) : upTo);
      const earliest = nextDate(upTo, -(maxDays - 1));
      if (from < earliest) from = earliest;
    }
    if (start && from < start) from = start;
    const days: string[] = [];
    for (let d = from; d <= upTo; d = nextDate(d)) days.push(d);
    return days;
  }

  /** Reports every due day up to `upTo`, oldest first; stops between days when `signal` is aborted. */
  async reportDue(upTo: string, signal?: AbortSignal): Promise<{ reported: string[] }> {
    const reported: string[] = [];
    for (const day of await this.dueDays(upTo)) {
      if (signal?.aborted) break;
      await yieldToRequests();
      if (await this.reportDay(day)) reported.push(day);
    }
    return { reported };
  }

  /**
   * One day: built, written to its folder, and its posts queued with the day's record in one transaction. False
   * when the day was already recorded (by another instance or a concurrent run): nothing is queued twice.
   */
  async reportDay(day: string): Promise<boolean> {
    if (await repo.dayRecorded(this.db, day)) return false;
    const startedAt = clock.now();
    const report = await buildDayReport(this.db, this.figures, day, startedAt);
    const dir = this.config.dataReport.dir;
    if (dir) await writeDayFiles(dir, report);
    const recorded = await withTransaction(this.db, async (trx) => {
      const peers = await peersRepository.activeOfKind(trx, 'data_report');
      const messages = peers.flatMap((p) => this.messages(p, report));
      const detail: Omit<ReportedDay, 'day' | 'reported_at'> = {
        counts: report.manifest.counts,
        sha256: report.manifest.sha256,
        posts: messages.length,
        file: Boolean(dir),
      };
      // The record first: a concurrent run of the same day waits here and then finds it, queuing nothing.
      const row = { day, holder: this.holder, started_at: toDbTime(startedAt), finished_at: toDbTime(clock.now()) };
      if (!(await repo.recordDay(trx, { ...row, detail: JSON.stringify(detail) }))) return false;
      for (const m of messages) await webhookOutbox.enqueueOnce(trx, m, clock.now());
      return true;
    });
    if (recorded) this.logger.info({ day, counts: report.manifest.counts }, 'data report made');
    return recorded;
  }

  /**
   * A day's messages to one peer, in the order they are sent (one stream per day): each part in chunks of at most
   * DATA_REPORT_CHUNK records, then the manifest, which tells the receiver the day is whole. Each message's `id`
   * and dedupe key name the day, part and chunk, so queuing the day again queues nothing.
   */
  private messages(peer: PeerRow, report: DayReport): Array<WebhookMessage & { dedupe_key: string }> {
    const size = this.config.dataReport.chunk;
    const out: Array<WebhookMessage & { dedupe_key: string }> = [];
    const stream = `report:${report.day}`;
    for (const part of PARTS) {
      const records = report.records[part];
      const chunks = Math.max(1, Math.ceil(records.length / size));
      for (let i = 0; i < chunks; i++) {
        const id = `${report.day}/${part}/${i + 1}`;
        out.push({
          peer,
          event: `data_report.${part}`,
          stream,
          dedupe_key: `report:${peer.code}:${id}`,
          payload: {
            schema: SCHEMA_VERSION,
            id,
            day: report.day,
            part,
            chunk: i + 1,
            chunks,
            ...(part === 'figures' ? { scope: 'own', city: report.city } : {}),
            records: records.slice(i * size, (i + 1) * size),
          },
        });
      }
    }
    const id = `${report.day}/manifest`;
    out.push({
      peer,
      event: 'data_report.manifest',
      stream,
      dedupe_key: `report:${peer.code}:${id}`,
      payload: {
        id,
        ...report.manifest,
        chunks: Object.fromEntries(PARTS.map((p) => [p, Math.max(1, Math.ceil(report.records[p].length / size))])),
      },
    });
    return out;
  }

  /**
   * A reported day made and sent again (its files lost, a peer added since): the files rewritten, and every message
   * whose dedupe key is not queued yet queued; the others are not, so a receiver never gets a day's chunk twice. A
   * day never reported is refused: reporting it out of order would leave the days before it behind.
   */
  async rerun(day: string): Promise<{ day: string; queued: number; file: boolean }> {
    if (!(await repo.dayRecorded(this.db, day))) throw errors.invalidTransition('dataReport.notReported', { day });
    const report = await buildDayReport(this.db, this.figures, day, clock.now());
    const dir = this.config.dataReport.dir;
    if (dir) await writeDayFiles(dir, report);
    const queued = await withTransaction(this.db, async (trx) => {
      let n = 0;
      for (const p of await peersRepository.activeOfKind(trx, 'data_report'))
        for (const m of this.messages(p, report)) if (await webhookOutbox.enqueueOnce(trx, m, clock.now())) n++;
      return n;
    });
    this.logger.info({ day, queued }, 'data report made again');
    return { day, queued, file: Boolean(dir) };
  }

  /** The days reported, newest first, with their counts and when. */
  async list(limit = 62): Promise<ReportedDay[]> {
    const rows = await repo.reportedDays(this.db, limit);
    return rows.map((r) => ({
      day: r.period,
      ...(JSON.parse(r.detail ?? '{}') as Omit<ReportedDay, 'day' | 'reported_at'>),
      reported_at: iso(r.finished_at),
    }));
  }
}
