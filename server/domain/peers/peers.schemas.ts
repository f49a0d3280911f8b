// The administrators' input on connected systems (docs/api.md "Connected systems"): every problem named by its field.
import { z } from 'zod';
import { LINKAGE_PARTNERS, PEER_KINDS } from './peer.types.ts';

// The code is the outbox's recipient and the logs' name for the peer: short, plain and never changed.
const code = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_.-]{1,63}$/, 'peers.codeFormat');
const name = z.string().trim().min(1, 'field.notEmpty').max(100);
const url = z
  .url({ protocol: /^https?$/, error: 'peers.httpUrl' })
  .max(500)
  .nullable();
const partner = z.enum(LINKAGE_PARTNERS).nullable();

export const createPeerSchema = z
  .strictObject({
    code,
    name,
    kind: z.enum(PEER_KINDS),
    partner: partner.optional(),
    url: url.optional(),
  })
  .superRefine((v, ctx) => {
    // A linkage peer stands for one service (110, 119...); no other kind has one.
    if (v.kind === 'linkage' && !v.partner)
      ctx.addIssue({ code: 'custom', path: ['partner'], message: 'peers.partnerRequired' });
    if (v.kind !== 'linkage' && v.partner)
      ctx.addIssue({ code: 'custom', path: ['partner'], message: 'peers.partnerOnlyLinkage' });
  });

export const updatePeerSchema = z
  .strictObject({
    name: name.optional(),
    url: url.optional(),
    active: z.boolean().optional(),
    partner: partner.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'peers.nothingToChange');

export const DELIVERY_STATES = ['failing', 'failed', 'pending', 'sent'] as const;

export const deliveriesQuery = z.strictObject({
  peer_id: z.coerce.number().int().positive().optional(),
  state: z.enum(DELIVERY_STATES).optional(),
  limit: z.coerce.number().int().positive().max(500).default(100),
  before_id: z.coerce.number().int().positive().optional(),
});

export type CreatePeerInput = z.infer<typeof createPeerSchema>;
export type UpdatePeerInput = z.infer<typeof updatePeerSchema>;
export type DeliveriesQuery = z.infer<typeof deliveriesQuery>;
