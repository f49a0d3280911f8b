import { z } from 'zod';

const text = (max: number) => z.string().trim().min(1, '不能为空 / required').max(max);
const keyword = z.string().trim().min(1, '关键词不能为空 / empty keyword').max(50);

export const createArticleSchema = z.strictObject({
  title: text(200),
  body: text(20000),
  category_id: z.number().int().positive().nullable().optional(),
  // The department that maintains the article (a handler's own when a handler writes it).
  department_id: z.number().int().positive().nullable().optional(),
  keywords: z.array(keyword).max(30).default([]),
});
export type CreateArticle = z.infer<typeof createArticleSchema>;

export const updateArticleSchema = z.strictObject({
  version: z.number().int().positive(),
  title: text(200).optional(),
  body: text(20000).optional(),
  category_id: z.number().int().positive().nullable().optional(),
  department_id: z.number().int().positive().nullable().optional(),
  keywords: z.array(keyword).max(30).optional(),
  active: z.boolean().optional(),
});
export type UpdateArticle = z.infer<typeof updateArticleSchema>;

export const searchArticlesSchema = z.strictObject({
  q: z.string().trim().max(50, '最多 50 个字 / at most 50 characters').optional(),
  category_id: z.coerce.number().int().positive().optional(),
  // A department's own articles (its handlers' list of what they maintain).
  department_id: z.coerce.number().int().positive().optional(),
  // Supervisors and administrators may include withdrawn articles, a handler their department's; operators never.
  include_inactive: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  page: z.coerce.number().int().positive().default(1),
  per_page: z.coerce.number().int().positive().max(50).default(20),
});
export type SearchArticles = z.infer<typeof searchArticlesSchema>;
