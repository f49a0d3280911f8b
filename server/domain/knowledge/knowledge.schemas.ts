import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1, 'field.notEmpty').max(max);
// The body lives in a TEXT column: 65,535 bytes on MariaDB (utf8mb4: up to 4 bytes a character). 20,000 UTF-16
// units are at most 60,000 bytes, so the byte check only says so plainly should the character limit ever grow.
const body = text(20000).refine((v) => Buffer.byteLength(v, 'utf8') <= 60_000, 'knowledge.bodyTooLong');
const keyword = z.string().trim().min(1, 'knowledge.emptyKeyword').max(50);
// Stored as one JSON array in a 2,000-character column: quotes and control characters grow when escaped.
const keywords = z
  .array(keyword)
  .max(30)
  .refine((v) => JSON.stringify(v).length <= 2000, 'knowledge.keywordsTooLong');

export const createArticleSchema = z.strictObject({
  title: text(200),
  body,
  category_id: z.number().int().positive().nullable().optional(),
  // The department that maintains the article (a handler's own when a handler writes it).
  department_id: z.number().int().positive().nullable().optional(),
  keywords: keywords.default([]),
});
export type CreateArticle = z.infer<typeof createArticleSchema>;

export const updateArticleSchema = z.strictObject({
  version: z.number().int().positive(),
  title: text(200).optional(),
  body: body.optional(),
  category_id: z.number().int().positive().nullable().optional(),
  department_id: z.number().int().positive().nullable().optional(),
  keywords: keywords.optional(),
  active: z.boolean().optional(),
});
export type UpdateArticle = z.infer<typeof updateArticleSchema>;

export const searchArticlesSchema = z.strictObject({
  q: z.string().trim().max(50, 'knowledge.queryTooLong').optional(),
  category_id: z.coerce.number().int().positive().optional(),
  // A department's own articles (its handlers' list of what they maintain).
  department_id: z.coerce.number().int().positive().optional(),
  // Supervisors and administrators may include withdrawn articles, a handler their department's; operators never.
  include_inactive: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  page: z.coerce.number().int().positive().default(1),
  per_page: z.coerce.number().int().positive().max(50).default(20),
});
export type SearchArticles = z.infer<typeof searchArticlesSchema>;
