import { z } from 'zod';

// What the console sends while the operator types: some words of the title or the description (an address alone
// says nothing of the matter), each no longer than an order may hold.
export const suggestQuerySchema = z
  .strictObject({
    title: z.string().trim().max(200).default(''),
    description: z.string().trim().max(5000).default(''),
    address: z.string().trim().max(255).default(''),
  })
  .superRefine((q, ctx) => {
    if (!q.title && !q.description) ctx.addIssue({ code: 'custom', path: ['title'], message: 'field.notEmpty' });
  });

export type SuggestQuery = z.infer<typeof suggestQuerySchema>;
