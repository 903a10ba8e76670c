/**
 * The retail catalog, `data/retail/providers.json` (human-edited configuration, DESIGN §2.2): which
 * coins, which dealers, which pages. Validated strictly before any page is opened or any view is built;
 * errors name the coin, the dealer and the field the way a human edits the file.
 */
import * as z from './zod.js';

export const CATALOG_METALS = ['gold', 'silver', 'platinum', 'palladium', 'goldback'] as const;

const httpUrl = z.url().check(
  z.refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL'),
  // The catalog is republished (data/api/providers.json): a password in it would be too.
  z.refine((u) => {
    const parsed = URL.canParse(u) ? new URL(u) : undefined;
    return !parsed?.username && !parsed?.password;
  }, 'must not carry credentials (user:password@); put them nowhere in the catalog'),
);

const provider = z
  .object({
    id: z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be a lowercase dealer id')),
    name: z.string().check(z.minLength(1)),
    enabled: z.boolean(),
    url: z.optional(httpUrl),
    urls: z.optional(z.array(httpUrl).check(z.minLength(1))),
    /** How a pre-order/presale page counts: buyable now ("in-stock", the default) or not ("out-of-stock"). */
    preorder: z.optional(z.enum(['in-stock', 'out-of-stock'])),
  })
  .check(
    z.superRefine((p, ctx) => {
      if (p.url && p.urls) ctx.addIssue({ code: 'custom', message: 'has both "url" and "urls"; keep one' });
      if (p.enabled && !p.url && !p.urls)
        ctx.addIssue({ code: 'custom', message: 'is enabled but has no "url"' });
    }),
  );

const coin = z.object({
  name: z.string().check(z.minLength(1)),
  metal: z.enum(CATALOG_METALS),
  /** Troy ounces of metal; for Goldback notes the denomination (G1 = 1, i.e. 1/1000 oz of gold). */
  weight_oz: z.number().check(z.positive()),
  /** Retired: no page is read and the coin leaves the manifest (its files stay). */
  retired: z.optional(z.boolean()),
  providers: z.array(provider).check(
    z.superRefine((list, ctx) => {
      const seen = new Set<string>();
      for (const [i, p] of list.entries()) {
        if (seen.has(p.id))
          ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `dealer "${p.id}" listed twice` });
        seen.add(p.id);
      }
    }),
  ),
});

export const catalogSchema = z.object({
  coins: z.record(z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a lowercase slug')), coin),
});
export type Catalog = z.infer<typeof catalogSchema>;
export type CatalogCoin = z.infer<typeof coin>;

export class CatalogError extends Error {
  override name = 'CatalogError';
}

/** Names a zod issue path the way a human edits the file: `coin "age", provider "apmex" (#2): url`. */
function describePath(path: readonly PropertyKey[], value: unknown): string {
  const [top, slug, field, index, ...rest] = path;
  if (top !== 'coins' || slug === undefined) return path.join('.') || '(top level)';
  let where = `coin "${String(slug)}"`;
  if (field === undefined) return where;
  if (field !== 'providers' || index === undefined) {
    return `${where}: ${[field, index, ...rest].filter((p) => p !== undefined).join('.')}`;
  }
  const entry = (value as Catalog | undefined)?.coins?.[String(slug)]?.providers?.[Number(index)];
  const id = entry && typeof entry === 'object' && typeof entry.id === 'string' ? `"${entry.id}" ` : '';
  where += `, provider ${id}(#${Number(index) + 1})`;
  return rest.length ? `${where}: ${rest.join('.')}` : where;
}

/** Validates a parsed providers.json; throws a CatalogError naming every bad coin and field. */
export function parseCatalog(value: unknown, source = 'providers.json'): Catalog {
  const result = catalogSchema.safeParse(value);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  - ${describePath(i.path, value)}: ${i.message}`);
  throw new CatalogError(`${source} is invalid:\n${lines.join('\n')}`);
}

/** Parses and validates providers.json text. */
export function parseCatalogText(text: string, source = 'providers.json'): Catalog {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new CatalogError(`${source} is not JSON: ${(err as Error).message}`);
  }
  return parseCatalog(value, source);
}
