// Call recordings (docs/rules/attachments.md "Call recordings"): the telephone system keeps the audio, Hotline keeps
// each call's reference and plays it through the telephone system for operators and supervisors (appeals, quality
// checks), every play written to the audit log first. The audio is streamed as it comes, never stored or buffered.
import type { IncomingMessage } from 'node:http';
import type { Config } from '../../../config/default.ts';
import type { Db } from '../../lib/db.ts';
import { toDbTime } from '../../lib/db.ts';
import { clock } from '../../lib/clock.ts';
import { AppError, errors } from '../../lib/errors.ts';
import type { Logger } from '../../lib/logger.ts';
import { requireAccess } from '../access/access.ts';
import { auditRepository } from '../audit/audit.repository.ts';
import { ticketsRepository } from '../tickets/tickets.repository.ts';
import type { Actor } from '../users/actor.ts';
import { callsRepository as repo } from './calls.repository.ts';
import { callView } from './calls.service.ts';
import { byteRange, fetchRecording, recordingUrl } from './recording-source.ts';

/** What the listener gets: the telephone system's status (200, 206, 416), its headers that matter, the audio. */
export interface RecordingPlay {
  status: number;
  headers: Record<string, string>;
  body: IncomingMessage;
}

/** The telephone system's headers a player needs (type, length, the range served, that ranges are accepted). */
const PASSED = ['content-type', 'content-length', 'content-range', 'accept-ranges', 'last-modified', 'etag'];

const unreachable = () => new AppError(502, 'RECORDING_UNAVAILABLE', 'calls.recordingUnreachable');

export class CallRecordingsService {
  constructor(
    private readonly db: Db,
    private readonly config: Config['recordings'],
    private readonly logger: Logger,
  ) {}

  /** Whether recordings can be played at all (RECORDING_URL set): the pages say so instead of a dead player. */
  get configured(): boolean {
    return Boolean(this.config.url);
  }

  /** GET /tickets/:id/calls: the calls the order was made from, each with its recording reference if any. */
  async ofTicket(actor: Actor, ticketId: number) {
    requireAccess(actor, 'call.read');
    const ticket = await ticketsRepository.find(this.db, ticketId);
    if (!ticket) throw errors.notFound('ticket');
    const calls = await repo.ofTicket(this.db, ticketId, ticket.call_id ?? null);
    return { items: calls.map((c) => callView(c, 'masked')), recordings_configured: this.configured };
  }

  /**
   * GET /calls/:id/recording: asks the telephone system for the audio (the listener's byte range passed on) and,
   * once it answered with audio, writes the play to the audit log before a byte reaches the listener.
   */
  async play(actor: Actor, callId: number, range?: string): Promise<RecordingPlay> {
    requireAccess(actor, 'call.recording.play');
    const call = await repo.find(this.db, callId);
    if (!call) throw errors.notFound('call');
    if (!call.recording_ref) throw new AppError(404, 'NOT_FOUND', 'calls.noRecording');
    if (!this.config.url) throw new AppError(503, 'RECORDING_NOT_CONFIGURED', 'calls.recordingNotConfigured');
    const url = recordingUrl(this.config.url, call.recording_ref);
    if (!url) throw new AppError(404, 'NOT_FOUND', 'calls.recordingMissingAtCti');
    const asked = byteRange(range);
    let res: IncomingMessage;
    try {
      res = await fetchRecording(url, { token: this.config.token, range: asked, timeoutMs: this.config.timeoutMs });
    } catch (err) {
      this.logger.warn({ err, call_id: callId }, 'recording: the telephone system could not be reached');
      throw unreachable();
    }
    const status = res.statusCode ?? 502;
    if (status !== 200 && status !== 206 && status !== 416) {
      res.resume();
      this.logger.warn({ call_id: callId, status }, 'recording: the telephone system refused');
      if (status === 404 || status === 410) throw new AppError(404, 'NOT_FOUND', 'calls.recordingMissingAtCti');
      throw unreachable();
    }
    const headers: Record<string, string> = {};
    for (const name of PASSED) {
      const v = res.headers[name];
      if (typeof v === 'string') headers[name] = v;
    }
    // A range past the end plays nothing: no audit of a play, the player learns the length and asks again.
    if (status === 416) return { status, headers, body: res };
    try {
      const detail = { ticket_id: call.ticket_id, range: asked ?? null, status };
      await auditRepository.record(this.db, actor, 'play_recording', { type: 'call', id: callId }, detail, now());
    } catch (err) {
      res.destroy();
      throw err;
    }
    return { status, headers, body: res };
  }
}

const now = () => toDbTime(clock.now());
