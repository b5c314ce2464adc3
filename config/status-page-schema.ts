import { z } from 'zod';

const name = z.string().min(1);

/** One public status page: the canaries it shows, by name and/or by tag. */
export const statusPageSchema = z
  .strictObject({
    slug: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'expected lowercase letters, digits and dashes (the URL is /status/<slug>)'),
    title: z.string().min(1).max(200),
    description: z.string().max(2000).optional(),
    canaries: z.array(name).optional(),
    /** `key` (the canary has the tag) or `key=value`. */
    tags: z.array(name).optional(),
  })
  .refine((p) => (p.canaries?.length ?? 0) + (p.tags?.length ?? 0) > 0, {
    message: 'expected canaries or tags (a status page shows only the canaries it lists)',
  });

export const statusPagesSchema = z
  .array(statusPageSchema)
  .default([])
  .superRefine((pages, ctx) => {
    const seen = new Set<string>();
    pages.forEach((p, i) => {
      if (seen.has(p.slug))
        ctx.addIssue({ code: 'custom', path: [i, 'slug'], message: `duplicate status page slug "${p.slug}"` });
      seen.add(p.slug);
    });
  });

export type StatusPageConfig = z.output<typeof statusPageSchema>;
