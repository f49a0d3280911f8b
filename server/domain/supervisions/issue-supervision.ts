// A supervision order (督办) written with its count, in the caller's transaction: a supervisor's order
// (ticket-actions.service.ts) and a red card's automatic one (escalation.service.ts) go through here alike.
import type { Executor } from '../../lib/db.ts';
import { figuresRecorder } from '../figures/figures-recorder.ts';
import { supervisionsRepository, type NewSupervision } from './supervisions.repository.ts';

export async function issueSupervision(trx: Executor, s: NewSupervision): Promise<void> {
  await supervisionsRepository.insert(trx, s);
  await figuresRecorder.supervised(trx, s);
}
