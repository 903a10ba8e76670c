/**
 * Reads retail files the way the StakTrakr app does (js/retail.js): ranks endpoints by the manifest's
 * `updated`/`generated_at`, lists `coins` with `coins_meta`, and for each coin reads the current prices,
 * the stock and last-known maps, the 24-hour chart and the daily histories. Written independently of our
 * zod schemas, so it checks our files against the app's expectations rather than against themselves.
 * Returns the problems found (empty = the app can read it).
 */

type Json = unknown;
const isObj = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: Json): v is number => typeof v === 'number' && Number.isFinite(v);
const isTime = (v: Json) => typeof v === 'string' && !Number.isNaN(Date.parse(v));

function checker() {
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  return { problems, need };
}

export function readManifestLikeApp(m: Json): string[] {
  const { problems, need } = checker();
  if (!isObj(m)) return ['manifest is not an object'];
  need(isTime(m.generated_at), 'generated_at is not a timestamp');
  need(m.updated === undefined || isTime(m.updated), 'updated is not a timestamp');
  need(Array.isArray(m.coins) && m.coins.every((c) => typeof c === 'string'), 'coins is not a list of slugs');
  need(isObj(m.coins_meta), 'coins_meta missing');
  if (Array.isArray(m.coins) && isObj(m.coins_meta))
    for (const slug of m.coins) {
      // The real manifest lists coins without meta (goldback-g1…g50): the app copes with a missing entry.
      const meta = m.coins_meta[slug as string];
      need(
        meta === undefined ||
          (isObj(meta) &&
            typeof meta.name === 'string' &&
            typeof meta.metal === 'string' &&
            isNum(meta.weight)),
        `coins_meta.${slug} lacks name/metal/weight`,
      );
    }
  need(isTime(m.latest_window), 'latest_window is not a timestamp');
  need(isNum(m.window_count) && isNum(m.coin_count), 'window_count/coin_count are not numbers');
  return problems;
}

export function readCoinLatestLikeApp(l: Json): string[] {
  const { problems, need } = checker();
  if (!isObj(l)) return ['latest.json is not an object'];
  need(typeof l.slug === 'string', 'slug');
  need(isTime(l.window_start), 'window_start');
  for (const f of ['median_price', 'lowest_price']) need(l[f] === null || isNum(l[f]), f);
  need(isObj(l.vendors), 'vendors');
  for (const [id, v] of Object.entries(isObj(l.vendors) ? l.vendors : {})) {
    need(isObj(v) && isNum(v.price) && v.price > 0, `vendors.${id}.price`);
    if (!isObj(v)) continue;
    need(v.confidence === null || isNum(v.confidence), `vendors.${id}.confidence`);
    need(typeof v.source === 'string', `vendors.${id}.source`);
    need(typeof v.inStock === 'boolean', `vendors.${id}.inStock`);
    need(v.stale === undefined || typeof v.stale === 'boolean', `vendors.${id}.stale`);
    need(v.stale_since === undefined || isTime(v.stale_since), `vendors.${id}.stale_since`);
  }
  const record = (name: string, ok: (v: Json) => boolean) => {
    need(isObj(l[name]), name);
    for (const [id, v] of Object.entries(isObj(l[name]) ? l[name] : {})) need(ok(v), `${name}.${id}`);
  };
  record('availability_by_site', (v) => typeof v === 'boolean');
  record('last_known_price_by_site', isNum);
  record('last_available_date_by_site', isTime);
  need(Array.isArray(l.windows_24h), 'windows_24h');
  for (const [i, w] of (Array.isArray(l.windows_24h) ? l.windows_24h : []).entries()) {
    need(isObj(w) && isTime(w.window) && isNum(w.median) && isNum(w.low), `windows_24h[${i}]`);
    if (isObj(w))
      need(isObj(w.vendors) && Object.values(w.vendors).every(isNum), `windows_24h[${i}].vendors`);
  }
  return problems;
}

export function readHistoryLikeApp(h: Json): string[] {
  const { problems, need } = checker();
  if (!Array.isArray(h)) return ['history is not an array'];
  for (const [i, e] of h.entries()) {
    if (!isObj(e)) {
      problems.push(`[${i}] is not an object`);
      continue;
    }
    need(typeof e.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(e.date), `[${i}].date`);
    for (const f of ['avg_median', 'avg_low']) need(e[f] === null || isNum(e[f]), `[${i}].${f}`);
    need(isNum(e.sample_count), `[${i}].sample_count`);
    need(isObj(e.vendors), `[${i}].vendors`);
    for (const [id, v] of Object.entries(isObj(e.vendors) ? e.vendors : {}))
      need(
        isObj(v) && (v.avg === null || isNum(v.avg)) && typeof v.inStock === 'boolean',
        `[${i}].vendors.${id}`,
      );
  }
  return problems;
}

/** The app's endpoint choice: the manifest with the newest `updated` (falling back to generated_at). */
export function freshest(manifests: Record<string, Json>): string | undefined {
  let best: [string, number] | undefined;
  for (const [name, m] of Object.entries(manifests)) {
    if (!isObj(m)) continue;
    const t = Date.parse(String(m.updated ?? m.generated_at));
    if (!Number.isNaN(t) && (!best || t > best[1])) best = [name, t];
  }
  return best?.[0];
}
