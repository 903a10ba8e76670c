/**
 * Decides what a page says: the price one unit costs by check/wire, whether it can be bought, and,
 * when there is no price, why. Order of trust: the quantity-tier table's first tier (column chosen
 * by its header text), then structured data that agrees with a price the page shows, then labelled
 * text. A price outside the melt band, or any doubt about which product the page shows, gives no price.
 */

import type { CatalogCoin } from '../data/retail-catalog.js';
import type { ExtractionMethod } from '../data/retail-observation.js';
import { round2 } from '../data/spot.js';
import { type Band, outsideBand } from './plausibility.js';
import type { PageReading, PriceText, TierTableReading } from './read-page.js';

export interface PageContext {
  coin: Pick<CatalogCoin, 'name' | 'metal' | 'weight_oz'>;
  /** The plausibility band, or why there is none (then no price can be published). */
  band: Band | string;
  /** How this dealer's pre-order pages count. */
  preorder?: 'in-stock' | 'out-of-stock';
  /** HTTP status of the page, when known. */
  status?: number;
  via: 'browser' | 'firecrawl';
}

export interface Extraction {
  price: number | null;
  inStock: boolean;
  method: ExtractionMethod | null;
  /** Why there is no price, or a note of doubt; empty when priced cleanly. */
  reason: string;
  /** The page could not be read as a product page (not found, bot check, substituted, no price). */
  failed: boolean;
  /** Not this product's page at all (not found, bot check, substituted): a screenshot cannot help. */
  wrongPage?: boolean;
}

const CHECK = /check|wire|\bach\b|bank|cash|e-?check/i;
const CARD = /card|credit|debit|paypal|visa|amex|master|discover|affirm|klarna|installment/i;
const NOT_UNIT =
  /as low as|starting (at|from)|\bfrom\b|low as|bulk|per oz|\/ ?oz|you save|save \$|\boff\b|spot|premium|\bmsrp\b|retail|was\b|reg\.?\b|list price|buyback|we buy|sell to us|\b(tube|roll|box|pack|bundle|lot|set|case) of\b|\d+-?pack\b|per (tube|roll|box)/i;
const QTY_HEADER = /qty|quantity|units?|amount|pieces|tier|count|how many|^#$|buy/i;
const NOT_FOUND =
  /page (not|cannot be) found|\b404\b|not found|no longer available|does ?n[o']t exist|could ?n[o']t (be )?found|can(no|')t find|product (is )?unavailable|discontinued/i;
const BOT_CHECK =
  /just a moment|attention required|access denied|verify (that )?you are (a )?human|are you a robot|checking (if the site connection is secure|your browser)|enable javascript and cookies|press (&|and) hold|pardon our interruption|unusual traffic|security check|captcha/i;

/** `$5,230.31`, `US$ 5,230.31`, `USD 5,230.31`, `5,230.31 USD` → 5230.31. */
export function parseMoney(text: string): number | null {
  const m = /(?:US\s?\$|\$|\bUSD\s?)\s?(\d[\d,]*(?:\.\d{1,2})?)|\b(\d[\d,]*(?:\.\d{1,2})?)\s?USD\b/.exec(
    text,
  );
  if (!m) return null;
  const n = Number((m[1] ?? m[2])!.replace(/,/g, ''));
  return Number.isFinite(n) && n > 0 ? round2(n) : null;
}

/** First unit count of a tier label: `1-19` → 1, `20+` → 20, `1 to 9` → 1. */
export function tierStart(text: string): number | null {
  const m = /(\d[\d,]*)\s*(?:[-–—]|to|\+|or more|and up|\s*$)/i.exec(text.trim());
  return m && parseMoney(text) === null && !text.includes('$') ? Number(m[1]!.replace(/,/g, '')) : null;
}

const FRACTIONS: Record<string, number> = { '½': 0.5, '¼': 0.25, '¾': 0.75, '⅒': 0.1 };
const UNIT_OZ: Record<string, number> = {
  oz: 1,
  ozt: 1,
  ounce: 1,
  ounces: 1,
  g: 1 / 31.1035,
  gram: 1 / 31.1035,
  grams: 1 / 31.1035,
  kg: 32.1507,
  kilo: 32.1507,
  kilogram: 32.1507,
};

/** Weights named in a product title, in troy ounces (`1/2 oz` → 0.5, `10 oz` → 10, `1 kilo` → 32.15). */
export function titleWeights(title: string): number[] {
  const out: number[] = [];
  const re =
    /(?:(\d+)\s*\/\s*(\d+)(?:th)?|([½¼¾⅒])|(\d+(?:\.\d+)?))\s*-?\s*(troy\s+)?(ozt|oz|ounces?|grams?|g|kilograms?|kilo|kg)\b/gi;
  for (const m of title.matchAll(re)) {
    const value = m[1] ? Number(m[1]) / Number(m[2]) : m[3] ? FRACTIONS[m[3]]! : Number(m[4]);
    const unit = m[6]!.toLowerCase().replace(/s$/, '');
    out.push(value * (UNIT_OZ[unit] ?? UNIT_OZ[`${unit}s`] ?? 1));
  }
  return out;
}

/** Goldback denominations named in a title (`G5`, `5 Goldback`, `½ Goldback`, `1/1000 oz` → 1). */
export function goldbackDenominations(title: string): number[] {
  const out: number[] = [];
  const frac = (s: string) =>
    s === '½' ? 0.5 : s.includes('/') ? Number(s.split('/')[0]) / Number(s.split('/')[1]) : Number(s);
  for (const m of title.matchAll(/\bG\s?(\d+(?:\/\d+)?|½)(?=\b|\s|$)/g)) out.push(frac(m[1]!));
  for (const m of title.matchAll(/(\d+(?:\/\d+)?|½)\s*goldbacks?\b/gi)) out.push(frac(m[1]!));
  for (const w of titleWeights(title)) out.push(Math.round(w * 1000 * 1000) / 1000);
  return out;
}

const near = (a: number, b: number) => Math.abs(a - b) <= Math.max(0.001, b * 0.01);
const describeWeight = (oz: number) => (oz >= 1 ? `${oz} oz` : `1/${Math.round(1 / oz)} oz`);

/** A title naming several units sold together (`Tube of 20`, `(2-Pack)`, `Monster Box`, `Lot of 5`). */
const BUNDLE =
  /\b(tube|roll|box|pack|lot|set|bundle|case|sheet) of \d+|\b\d+[- ]?(pack|coin (lot|set|roll|tube))\b|monster ?box|\bmini ?monster\b/i;

/** Why the title shows a bundle rather than one unit, or undefined. */
export function bundleOf(title: string): string | undefined {
  const m = BUNDLE.exec(title);
  return m ? `bundle: the page sells "${m[0]}" ("${title}"), not one unit` : undefined;
}

/** Why the title shows another product than the coin, or undefined. */
export function substitution(title: string, coin: PageContext['coin']): string | undefined {
  if (coin.metal === 'goldback') {
    const found = goldbackDenominations(title);
    if (found.length === 0 || found.some((d) => near(d, coin.weight_oz))) return undefined;
    return `substituted product: the page shows a ${found[0]} Goldback note ("${title}"), the coin is a ${coin.weight_oz} Goldback`;
  }
  const found = titleWeights(title);
  if (found.length === 0 || found.some((w) => near(w, coin.weight_oz))) return undefined;
  return `substituted product: the page shows a ${describeWeight(found[0]!)} product ("${title}"), the coin is ${describeWeight(coin.weight_oz)}`;
}

interface Found {
  price: number;
  method: 'tier-table' | 'structured-data' | 'text';
  note?: string;
}
type Attempt = Found | { miss: string };

/** The first tier's check/wire price of one table, or why not. */
export function tierPrice(table: TierTableReading): Attempt {
  const width = Math.max(table.headers.length, ...table.rows.map((r) => r.length));
  const column = (i: number) => table.rows.map((r) => r[i] ?? '');
  const priceCols = [...Array(width).keys()].filter((i) => column(i).some((c) => parseMoney(c) !== null));
  if (priceCols.length === 0) return { miss: 'tier table has no prices' };
  const header = (i: number) => table.headers[i] ?? '';
  let col = priceCols.find((i) => CHECK.test(header(i)) && !CARD.test(header(i)));
  if (col === undefined) {
    const neutral = priceCols.filter((i) => !CARD.test(header(i)) && !NOT_UNIT.test(header(i)));
    if (priceCols.length === 1 && neutral.length === 1) col = neutral[0]!;
    else {
      const heads = table.headers.length ? table.headers.map((h) => `"${h}"`).join(', ') : 'none';
      return { miss: `tier table has no check/wire column (headers: ${heads})` };
    }
  }
  const qtyCol = [...Array(width).keys()].find(
    (i) =>
      !priceCols.includes(i) && (QTY_HEADER.test(header(i)) || column(i).every((c) => tierStart(c) !== null)),
  );
  if (qtyCol === undefined) return { miss: 'tier table has no quantity column' };
  const tiers = table.rows
    .map((r) => ({ start: tierStart(r[qtyCol] ?? ''), price: parseMoney(r[col!] ?? '') }))
    .filter((t): t is { start: number; price: number } => t.start !== null && t.price !== null)
    .sort((a, b) => a.start - b.start);
  const first = tiers[0];
  if (!first) return { miss: 'tier table rows have no quantity and price' };
  return {
    price: first.price,
    method: 'tier-table',
    note: first.start > 1 ? `first tier starts at ${first.start} units` : undefined,
  };
}

/** How a labelled price reads: a check/wire price, a card price, not a unit price, or plain. */
function kindOf(p: PriceText): 'check' | 'card' | 'other' | 'plain' {
  const label = (s: string) =>
    NOT_UNIT.test(s) ? 'other' : CARD.test(s) ? 'card' : CHECK.test(s) ? 'check' : undefined;
  if (/as-?low|aslow|bulk|per-?oz|spot/i.test(p.classes)) return 'other';
  return label(p.before) ?? label(p.after) ?? (CARD.test(p.classes) ? 'card' : 'plain');
}

/** The one unit price the labelled text shows, or why not. */
function textPrice(prices: PriceText[]): Attempt {
  const read = prices.map((p) => ({ kind: kindOf(p), price: parseMoney(p.text) }));
  const distinct = (kind: string) => [
    ...new Set(read.filter((r) => r.kind === kind && r.price).map((r) => r.price!)),
  ];
  const checks = distinct('check');
  if (checks.length === 1) return { price: checks[0]!, method: 'text' };
  if (checks.length > 1)
    return { miss: `several check/wire prices shown (${checks.map((p) => `$${p}`).join(', ')})` };
  const plain = distinct('plain');
  if (plain.length === 1) return { price: plain[0]!, method: 'text' };
  if (plain.length > 1)
    return {
      miss: `several prices shown and none labelled check/wire (${plain.map((p) => `$${p}`).join(', ')})`,
    };
  if (read.some((r) => r.kind === 'other'))
    return { miss: 'only "as low as"/bulk prices shown, no unit price' };
  if (read.some((r) => r.kind === 'card')) return { miss: 'only card prices shown, no check/wire price' };
  return { miss: 'no price on the page' };
}

/** Structured offers that match a unit price the page itself shows (a card or "as low as" figure does not count). */
function structuredPrice(reading: PageReading): Attempt | undefined {
  const offers = reading.structured.filter((o) => o.price !== null && !o.aggregate);
  if (offers.length === 0) return undefined;
  const shown = reading.prices
    .filter((p) => ['check', 'plain'].includes(kindOf(p)))
    .map((p) => parseMoney(p.text));
  const agreeing = [...new Set(offers.map((o) => o.price!).filter((p) => shown.includes(p)))];
  if (agreeing.length === 1) return { price: agreeing[0]!, method: 'structured-data' };
  return {
    miss: `structured data says ${offers.map((o) => `$${o.price}`).join(', ')} but the page does not show it as a unit price`,
  };
}

function stockOf(
  reading: PageReading,
  preorder: PageContext['preorder'],
): { inStock: boolean; why?: string } {
  const s = reading.stock;
  if (s.outOfStock) return { inStock: false, why: `"${s.outOfStock}"` };
  if (s.notifyMe) return { inStock: false, why: `"${s.notifyMe}"` };
  if (s.buyButtons.length > 0 && s.buyButtons.every((b) => b.disabled))
    return { inStock: false, why: `"${s.buyButtons[0]!.text}" is disabled` };
  if (s.preorder && preorder === 'out-of-stock')
    return { inStock: false, why: `pre-order ("${s.preorder}")` };
  const offerAvail = reading.structured.find((o) => o.availability)?.availability ?? '';
  if (!s.buyButtons.length && !s.inStock && /OutOfStock|SoldOut|Discontinued/i.test(offerAvail)) {
    return { inStock: false, why: `structured data says ${offerAvail.replace(/^.*\//, '')}` };
  }
  return { inStock: true };
}

/** The verdict on one page read. */
export function extract(reading: PageReading, ctx: PageContext): Extraction {
  const fail = (reason: string): Extraction => ({
    price: null,
    inStock: true,
    method: null,
    reason,
    failed: true,
    wrongPage: true,
  });
  const titles = `${reading.documentTitle} | ${reading.productTitle}`;
  if (reading.challenge || (BOT_CHECK.test(reading.documentTitle) && reading.tiers.length === 0)) {
    return fail(`bot-check page ("${reading.documentTitle || reading.text.slice(0, 60)}")`);
  }
  if (ctx.status !== undefined && ctx.status >= 400) {
    if (
      BOT_CHECK.test(`${titles} ${reading.text.slice(0, 300)}`) ||
      ctx.status === 403 ||
      ctx.status === 429
    ) {
      return fail(`blocked: HTTP ${ctx.status} ("${reading.documentTitle}")`);
    }
    return fail(`HTTP ${ctx.status}${ctx.status === 404 || ctx.status === 410 ? ' (page not found)' : ''}`);
  }
  if (NOT_FOUND.test(titles) && reading.tiers.length === 0)
    return fail(`page not found ("${reading.productTitle || reading.documentTitle}")`);
  if (
    BOT_CHECK.test(reading.text.slice(0, 400)) &&
    reading.tiers.length === 0 &&
    reading.prices.length === 0
  ) {
    return fail(`bot-check page ("${reading.text.slice(0, 60)}")`);
  }
  const title = reading.productTitle || reading.documentTitle;
  const substituted = substitution(title, ctx.coin) ?? bundleOf(title);
  if (substituted) return fail(substituted);

  const stock = stockOf(reading, ctx.preorder);
  const misses: string[] = [];
  let found: Found | undefined;
  for (const table of reading.tiers) {
    const attempt = tierPrice(table);
    if ('miss' in attempt) misses.push(attempt.miss);
    else {
      found = attempt;
      break;
    }
  }
  if (!found) {
    const structured = structuredPrice(reading);
    if (structured && 'price' in structured) found = structured;
    else {
      if (structured) misses.push(structured.miss);
      const text = textPrice(reading.prices);
      if ('price' in text) found = { ...text, note: structured?.miss };
      else misses.push(text.miss);
    }
  }

  const method = (m: Found['method']): ExtractionMethod =>
    ctx.via === 'firecrawl' && m !== 'structured-data' ? (`firecrawl-${m}` as ExtractionMethod) : m;
  const stockNote = stock.inStock ? '' : `out of stock: ${stock.why}`;
  const join = (...parts: (string | undefined)[]) => parts.filter(Boolean).join('; ');
  if (!found) {
    const reason = join(stockNote, misses.join('; ') || 'no price on the page');
    return { price: null, inStock: stock.inStock, method: null, reason, failed: stock.inStock };
  }
  if (typeof ctx.band === 'string') {
    return {
      price: null,
      inStock: stock.inStock,
      method: null,
      reason: join(stockNote, `$${found.price} found but ${ctx.band}`),
      failed: stock.inStock,
    };
  }
  const implausible = outsideBand(found.price, ctx.band);
  if (implausible)
    return {
      price: null,
      inStock: stock.inStock,
      method: null,
      reason: join(stockNote, implausible),
      failed: stock.inStock,
    };
  return {
    price: found.price,
    inStock: stock.inStock,
    method: method(found.method),
    reason: join(stockNote, found.note),
    failed: false,
  };
}
