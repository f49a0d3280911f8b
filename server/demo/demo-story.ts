// A ticket's life as dated steps taken through the services. The steps of all tickets run together in time
// order, so ids, daily ticket numbers and the event log come out in the order things happened.
import type { Services } from '../services.ts';
import type { Actor } from '../domain/users/actor.ts';
import type { CreateTicket } from '../domain/tickets/tickets.schemas.ts';
import type { RequestKind } from '../domain/tickets/ticket.types.ts';
import { clock } from '../lib/clock.ts';
import type { Cast } from './demo-catalogue.ts';

interface Step {
  at: number;
  order: number;
  run: () => Promise<void>;
}

export class Script {
  private readonly steps: Step[] = [];
  readonly stories: Story[] = [];

  constructor(
    readonly s: Services,
    readonly cast: Cast,
    readonly now: Date,
  ) {}

  add(at: Date, run: () => Promise<void>): void {
    // A step in the future would be a bug of the plan, and would leave tickets dated after "now".
    if (at >= this.now) throw new Error(`demo step after the moment of loading: ${at.toISOString()}`);
    this.steps.push({ at: at.getTime(), order: this.steps.length, run });
  }

  /** Day shift 08:00-16:00 is operator1's, the evening and night operator2's. */
  operator(at: Date): Actor {
    const hour = Number(new Date(at.getTime() + 8 * 3600_000).toISOString().slice(11, 13));
    return this.cast.operators[hour >= 8 && hour < 16 ? 0 : 1];
  }

  async run(): Promise<number> {
    this.steps.sort((a, b) => a.at - b.at || a.order - b.order);
    for (const step of this.steps) {
      clock.set(new Date(step.at));
      await step.run();
    }
    return this.steps.length;
  }
}

const MINUTE = 60_000;

export class Story {
  id = 0;
  /** The version the next step must present, as the last service call returned it. */
  version = 0;
  /** The department holding the ticket at the point of the plan being written. */
  department: string | null = null;
  private requestId = 0;
  private last = 0;

  constructor(
    private readonly sc: Script,
    readonly input: CreateTicket,
    createdAt: Date,
  ) {
    sc.stories.push(this);
    this.step(createdAt, async () => {
      const { ticket } = await sc.s.tickets.create(sc.operator(createdAt), input);
      this.id = ticket.id;
      return ticket;
    });
  }

  private step(at: Date, run: () => Promise<{ version: number } | void>): this {
    // Steps of one ticket keep their order even when two planned moments collide.
    const t = Math.max(at.getTime(), this.last + MINUTE);
    this.last = t;
    this.sc.add(new Date(t), async () => {
      const row = await run();
      if (row) this.version = row.version;
    });
    return this;
  }

  private handler(): Actor {
    if (!this.department) throw new Error(`demo plan: "${this.input.title}" has no department here`);
    return this.sc.cast.handlers[this.department];
  }

  dispatch(at: Date, department: string, note?: string): this {
    this.department = department;
    const id = this.sc.cast.departments[department].id;
    return this.step(at, () =>
      this.sc.s.actions.dispatch(this.sc.operator(at), this.id, { version: this.version, department_id: id, note }),
    );
  }

  sign(at: Date): this {
    const h = this.handler();
    return this.step(at, () => this.sc.s.actions.sign(h, this.id, { version: this.version }));
  }

  /** 先联系后办理: an attempt to reach the resident, at the moment it happened (demo-contacts.ts). */
  contact(at: Date, means: 'phone' | 'sms' | 'visit' | 'other', outcome: 'reached' | 'unreachable'): this {
    const h = this.handler();
    return this.step(at, () => this.sc.s.contact.contact(h, this.id, { version: this.version, means, outcome }));
  }

  reply(at: Date, resolution: string): this {
    const h = this.handler();
    return this.step(at, () => this.sc.s.actions.reply(h, this.id, { version: this.version, resolution }));
  }

  /** A score of 1-2 reopens the ticket to the same department (重办). The callback's three questions
   *  (docs/rules/reviews.md): a good score comes with the problem solved, 3 with it partly solved, a bad one with
   *  it not. */
  callback(at: Date, score: number, reason?: string): this {
    const note = score >= 3 ? callbackNote(score) : undefined;
    const solved = score >= 4 ? 'yes' : score === 3 ? 'partly' : 'no';
    return this.step(at, () =>
      this.sc.s.actions.callback(this.sc.operator(at), this.id, {
        version: this.version,
        score,
        reason,
        note,
        contacted: true,
        solved,
      }),
    );
  }

  /** A callback that did not get through (回访未接通); the last allowed one closes the order as 联系不上. */
  callbackFailed(at: Date, reason: 'no_answer' | 'wrong_number' | 'busy', note?: string): this {
    return this.step(at, () =>
      this.sc.s.actions.callbackFailed(this.sc.operator(at), this.id, { version: this.version, reason, note }),
    );
  }

  /** The resident rates through the single-use link the reply sent: the callback then asks no score. */
  residentRates(at: Date, score: number, comment?: string): this {
    return this.step(at, async () => {
      const { token } = await this.sc.s.ratings.ticketLink(this.sc.cast.supervisor, this.id);
      await this.sc.s.publicRatings.rate({ token, score, comment });
    });
  }

  answer(at: Date, resolution: string): this {
    return this.step(at, () =>
      this.sc.s.actions.answer(this.sc.operator(at), this.id, { version: this.version, resolution }),
    );
  }

  merge(at: Date, into: Story): this {
    return this.step(at, () =>
      this.sc.s.actions.merge(this.sc.operator(at), this.id, { version: this.version, into_ticket_id: into.id }),
    );
  }

  supervise(at: Date, note: string): this {
    return this.step(at, () =>
      this.sc.s.actions.supervise(this.sc.cast.supervisor, this.id, { version: this.version, note }),
    );
  }

  request(at: Date, kind: RequestKind, reason: string, days = 0): this {
    const h = this.handler();
    const r = this.sc.s.requests;
    return this.step(at, async () => {
      const input = { version: this.version, reason };
      const row =
        kind === 'return'
          ? await r.requestReturn(h, this.id, input)
          : kind === 'extension'
            ? await r.requestExtension(h, this.id, { ...input, days })
            : await r.requestSuspension(h, this.id, input);
      // The handler's own view of the ticket: no unmasked caller, so nothing to audit.
      this.requestId = (await this.sc.s.tickets.detail(h, this.id)).requests.at(-1)!.id;
      return row;
    });
  }

  decide(at: Date, kind: RequestKind, approve: boolean, note?: string): this {
    if (kind === 'return' && approve) this.department = null;
    return this.step(at, () =>
      this.sc.s.requests.decide(this.sc.cast.supervisor, this.id, kind, this.requestId, { approve, note }),
    );
  }

  resume(at: Date): this {
    const h = this.handler();
    return this.step(at, () => this.sc.s.actions.resume(h, this.id, { version: this.version }));
  }
}

function callbackNote(score: number): string {
  return score === 5 ? '来电人对办理结果非常满意' : score === 4 ? '来电人表示满意' : '来电人表示基本满意';
}
