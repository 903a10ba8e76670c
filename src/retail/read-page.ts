/**
 * Reads a product page's DOM into plain facts (tier tables, structured offers, labelled prices,
 * stock signals), skipping what is not the product: header tickers, menus, carousels of other
 * products, reviews, hidden elements and struck-through prices. Deciding which price to trust is
 * done afterwards in Node (extract.ts), so this part stays a dumb, testable reader.
 *
 * `readDocument` runs inside the browser (serialised with `toString()`) and in Node on a parsed
 * Firecrawl page, so it must be self-contained: no imports, no references to anything outside it.
 */

export interface TierTableReading {
  headers: string[];
  rows: string[][];
}

export interface PriceText {
  /** The price as shown, e.g. `$5,230.31`. */
  text: string;
  /** Text of the enclosing block just before the price, back to the previous price ("As low as", "Check/Wire:"). */
  before: string;
  /** Text just after the price, up to the next price ("(Check/Wire)", "per coin"). */
  after: string;
  /** Class names and ids of the price element and its near ancestors (`price-was`, `as-low-as`). */
  classes: string;
}

export interface StructuredOffer {
  source: 'json-ld' | 'microdata';
  name: string | null;
  price: number | null;
  /** AggregateOffer lowPrice: an "as low as" figure, never a unit price on its own. */
  aggregate: boolean;
  availability: string | null;
}

export interface StockSignals {
  outOfStock: string | null;
  notifyMe: string | null;
  preorder: string | null;
  inStock: string | null;
  buyButtons: { text: string; disabled: boolean }[];
}

export interface PageReading {
  documentTitle: string;
  productTitle: string;
  /** The start of the page's visible text (not-found and bot-check wording). */
  text: string;
  /** Challenge iframes or forms (Cloudflare, hCaptcha, reCAPTCHA, PerimeterX, DataDome). */
  challenge: boolean;
  tiers: TierTableReading[];
  structured: StructuredOffer[];
  prices: PriceText[];
  stock: StockSignals;
}

export function readDocument(doc: Document): PageReading {
  // `$5,147.01`, `US$ 5,147.01`, `USD 5,147.01`, `5,147.01 USD`.
  const PRICE_RE = /(?:US\s?\$|\$|\bUSD\s?)\s?\d[\d,]*(?:\.\d{1,2})?|\b\d[\d,]*(?:\.\d{1,2})?\s?USD\b/;
  const SKIP_TAGS = new Set([
    'SCRIPT',
    'STYLE',
    'NOSCRIPT',
    'TEMPLATE',
    'SVG',
    'S',
    'DEL',
    'STRIKE',
    'IFRAME',
  ]);
  const CHROME_TAGS = new Set(['HEADER', 'NAV', 'FOOTER', 'ASIDE']);
  const CHROME_ROLES = /^(navigation|banner|contentinfo|complementary|dialog|menu|menubar)$/;
  const CHROME_TOKEN =
    /^(site-|page-|global-|top-|main-)?(header|footer|nav|navbar|navigation|menu|menubar)$/i;
  const OTHER_PRODUCTS =
    /ticker|spot-?price|mega-?menu|carousel|slider|swiper|slick|related|similar|recommend|upsell|cross-?sell|also-?(bought|purchased|viewed)|recently-?viewed|review|testimonial|rating|questions|q-?and-?a|\bqa\b|faq|breadcrumb|newsletter|cookie|announcement|promo|(site|top|header|global)-?(banner|notice|message)|sitewide|notice-?bar|product-?strip/i;
  const SECTION_HEADING =
    /similar (products|items)|customers (also|who)|also (purchased|bought|viewed)|frequently bought|related (products|items)|you (may|might) also like|recently viewed|reviews?\b|ratings?\b|questions|q ?& ?a\b|what (our )?(customers|buyers)|popular|trending|best ?sellers|top sellers|more (from|in) this|live spot|spot prices/i;
  const STRUCK = /(^|[\s_-])(was|old|regular|compare|msrp|strike|original)([\s_-]|$)|price-?(was|old)/i;

  const excludedCache = new Map<Element, boolean>();
  const productRoot =
    doc.querySelector('[itemtype*="schema.org/Product"]') ??
    doc.querySelector('main, [role="main"], #main, article') ??
    doc.body;

  const tokens = (el: Element) => `${el.getAttribute('class') ?? ''} ${el.id ?? ''}`;
  const hidden = (el: Element): boolean => {
    if (el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') return true;
    const style = (el.getAttribute('style') ?? '').replace(/\s/g, '').toLowerCase();
    if (style.includes('display:none') || style.includes('visibility:hidden')) return true;
    const check = (el as Element & { checkVisibility?: (o?: object) => boolean }).checkVisibility;
    // Computed styles catch stylesheet-hidden variants (the browser, and happy-dom for Firecrawl pages).
    return typeof check === 'function' ? !check.call(el, { checkVisibilityCSS: true }) : false;
  };
  const headingText = (el: Element): string => {
    for (const child of Array.from(el.children).slice(0, 3)) {
      if (/^H[1-6]$/.test(child.tagName)) return child.textContent ?? '';
      const inner = child.querySelector(':scope > h2, :scope > h3, :scope > h4');
      if (inner && child === el.firstElementChild) return inner.textContent ?? '';
    }
    return '';
  };
  const insideProduct = (el: Element) =>
    el.closest('main, article, [itemtype*="schema.org/Product"]') !== null;
  /** True when the element is chrome, another product, a review, hidden or struck through. */
  const excluded = (el: Element | null): boolean => {
    if (!el || el === doc.body || el === doc.documentElement) return false;
    const cached = excludedCache.get(el);
    if (cached !== undefined) return cached;
    const tag = el.tagName.toUpperCase();
    const classes = tokens(el);
    const role = el.getAttribute('role') ?? '';
    const result =
      SKIP_TAGS.has(tag) ||
      (CHROME_TAGS.has(tag) && !(tag === 'HEADER' && el.parentElement && insideProduct(el.parentElement))) ||
      CHROME_ROLES.test(role) ||
      classes.split(/\s+/).some((t) => CHROME_TOKEN.test(t)) ||
      OTHER_PRODUCTS.test(classes) ||
      STRUCK.test(classes) ||
      SECTION_HEADING.test(headingText(el)) ||
      hidden(el) ||
      excluded(el.parentElement);
    excludedCache.set(el, result);
    return result;
  };
  const clean = (s: string) => s.replace(/\s+/g, ' ').trim();
  /** Visible text of an element, without excluded descendants. */
  const textOf = (el: Element): string => {
    let out = '';
    for (const node of Array.from(el.childNodes)) {
      if (node.nodeType === 3) out += node.textContent ?? '';
      else if (node.nodeType === 1) {
        const child = node as Element;
        const tag = child.tagName.toUpperCase();
        if (SKIP_TAGS.has(tag) || STRUCK.test(tokens(child)) || hidden(child)) continue;
        const t = textOf(child);
        out += /^(DIV|P|LI|TR|TD|TH|BR|H\d|SECTION|DT|DD)$/.test(tag) ? ` ${t} ` : t;
      }
    }
    return out;
  };
  const all = (selector: string, root: ParentNode = doc) =>
    Array.from(root.querySelectorAll(selector)).filter((el) => !excluded(el));

  // Product title: the page's own h1, not a carousel's.
  const h1 = all('h1', doc.body)[0];
  const og = doc.querySelector('meta[property="og:title"]')?.getAttribute('content');
  const productTitle = clean(h1 ? textOf(h1) : (og ?? ''));

  // Tier tables: <table> and ARIA grids with a $ amount in some cell.
  const tiers: TierTableReading[] = [];
  for (const table of all('table, [role="table"], [role="grid"]', doc.body)) {
    if (table.parentElement?.closest('table, [role="table"], [role="grid"]')) continue;
    const rowEls = table.matches('table')
      ? Array.from(table.querySelectorAll('tr'))
      : Array.from(table.querySelectorAll('[role="row"]'));
    const rows = rowEls
      .filter((r) => !excluded(r))
      .map((r) => {
        const cells = table.matches('table')
          ? Array.from(r.children).filter((c) => /^T[HD]$/.test(c.tagName.toUpperCase()))
          : Array.from(
              r.querySelectorAll(
                '[role="columnheader"], [role="cell"], [role="rowheader"], [role="gridcell"]',
              ),
            );
        return {
          isHeader:
            cells.length > 0 &&
            cells.every(
              (c) => c.tagName.toUpperCase() === 'TH' || c.getAttribute('role') === 'columnheader',
            ) &&
            !cells.some((c) => PRICE_RE.test(textOf(c))),
          cells: cells.map((c) => clean(textOf(c))),
        };
      })
      .filter((r) => r.cells.length > 0);
    if (!rows.some((r) => r.cells.some((c) => PRICE_RE.test(c)))) continue;
    const headerRow = rows.find((r) => r.isHeader);
    tiers.push({
      headers: headerRow?.cells ?? [],
      rows: rows.filter((r) => !r.isHeader).map((r) => r.cells),
    });
  }

  // Price grids of plain elements (no table roles): a block of at least two rows, each with the same
  // number (≥ 2) of leaf cells, a price in some cell. Cells must be leaves so a card list does not qualify.
  const leafCells = (row: Element) => Array.from(row.children).filter((c) => !excluded(c));
  const isGridRow = (row: Element, width: number) => {
    const cells = leafCells(row);
    return (
      cells.length === width &&
      cells.every(
        (c) =>
          c.children.length === 0 ||
          Array.from(c.children).every((x) => /^(SPAN|STRONG|B|EM|SMALL|S|DEL|SUP)$/.test(x.tagName)),
      )
    );
  };
  for (const grid of all('div, ul, dl, section', productRoot)) {
    if (grid.closest('table, [role="table"], [role="grid"]')) continue;
    const rowEls = Array.from(grid.children).filter((c) => !excluded(c));
    const width = rowEls[0] ? leafCells(rowEls[0]).length : 0;
    if (rowEls.length < 2 || width < 2 || !rowEls.every((r) => isGridRow(r, width))) continue;
    const rows = rowEls.map((r) => leafCells(r).map((c) => clean(textOf(c))));
    const priced = (r: string[]) => r.some((c) => PRICE_RE.test(c));
    if (!rows.some(priced)) continue;
    const head = rows[0] && !priced(rows[0]) ? rows[0] : undefined;
    tiers.push({ headers: head ?? [], rows: head ? rows.slice(1) : rows });
  }

  // Structured data: JSON-LD products/offers and microdata, skipping other products' markup.
  const structured: StructuredOffer[] = [];
  const num = (v: unknown): number | null => {
    const n =
      typeof v === 'number' ? v : typeof v === 'string' ? Number(v.replace(/[$,\s]/g, '')) : Number.NaN;
    return Number.isFinite(n) ? n : null;
  };
  const typeIs = (node: Record<string, unknown>, t: string) =>
    ([] as unknown[]).concat(node['@type'] ?? []).some((x) => String(x) === t);
  const visit = (node: unknown, depth: number): void => {
    if (!node || typeof node !== 'object' || depth > 6) return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n, depth + 1);
      return;
    }
    const obj = node as Record<string, unknown>;
    if (typeIs(obj, 'Product') || typeIs(obj, 'ProductGroup')) {
      const name = typeof obj.name === 'string' ? obj.name : null;
      for (const offer of ([] as unknown[]).concat(obj.offers ?? [])) {
        if (!offer || typeof offer !== 'object') continue;
        const o = offer as Record<string, unknown>;
        const spec = o.priceSpecification as Record<string, unknown> | undefined;
        const aggregate = typeIs(o, 'AggregateOffer');
        structured.push({
          source: 'json-ld',
          name,
          price: num(aggregate ? o.lowPrice : (o.price ?? spec?.price)),
          aggregate,
          availability: typeof o.availability === 'string' ? o.availability : null,
        });
      }
    }
    for (const key of ['@graph', 'mainEntity', 'itemListElement']) visit(obj[key], depth + 1);
  };
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      visit(JSON.parse(script.textContent ?? ''), 0);
    } catch {
      // A broken JSON-LD block is just one less hint.
    }
  }
  for (const offer of all(
    '[itemtype*="schema.org/Offer"], [itemtype*="schema.org/AggregateOffer"]',
    doc.body,
  )) {
    const prop = (name: string) => {
      const el = offer.querySelector(`[itemprop="${name}"]`);
      return el
        ? (el.getAttribute('content') ?? el.getAttribute('href') ?? clean(el.textContent ?? ''))
        : null;
    };
    const aggregate = (offer.getAttribute('itemtype') ?? '').includes('AggregateOffer');
    const product = offer.closest('[itemtype*="schema.org/Product"]');
    const nameEl = product?.querySelector('[itemprop="name"]');
    structured.push({
      source: 'microdata',
      name: nameEl ? (nameEl.getAttribute('content') ?? clean(nameEl.textContent ?? '')) : null,
      price: num(prop(aggregate ? 'lowPrice' : 'price')),
      aggregate,
      availability: prop('availability'),
    });
  }

  // Labelled prices in the product area, outside tables (tier tables are read above).
  const prices: PriceText[] = [];
  const walk = (el: Element) => {
    if (excluded(el) || /^(TABLE)$/.test(el.tagName.toUpperCase()) || el.getAttribute('role') === 'table')
      return;
    for (const node of Array.from(el.childNodes)) {
      if (node.nodeType === 1) walk(node as Element);
      else if (node.nodeType === 3) {
        const m = PRICE_RE.exec(node.textContent ?? '');
        if (!m) continue;
        let block: Element = el;
        while (block.parentElement && clean(textOf(block)).length < 12 && block !== productRoot) {
          block = block.parentElement;
        }
        let classes = '';
        for (let a: Element | null = el, i = 0; a && i < 4; a = a.parentElement, i++)
          classes += ` ${tokens(a)}`;
        const blockText = clean(textOf(block));
        const at = blockText.indexOf(m[0]);
        const parts = at < 0 ? ['', ''] : [blockText.slice(0, at), blockText.slice(at + m[0].length)];
        const before = parts[0]!.split(new RegExp(PRICE_RE.source, 'g')).pop()!.slice(-60).trim();
        const after = parts[1]!.split(PRICE_RE)[0]!.slice(0, 30).trim();
        prices.push({ text: m[0], before, after, classes: clean(classes) });
      }
    }
  };
  walk(productRoot);

  // Stock signals, from the product area only (not the same words in a review).
  const shortTexts = all('button, a, span, div, p, strong, b, em, label, li, h2, h3, h4, input', productRoot)
    .map((el) => ({
      el,
      text: clean(el.tagName.toUpperCase() === 'INPUT' ? (el.getAttribute('value') ?? '') : textOf(el)),
    }))
    .filter((x) => x.text.length > 0 && x.text.length <= 60);
  const find = (re: RegExp) => shortTexts.find((x) => re.test(x.text))?.text ?? null;
  const buyButtons = shortTexts
    .filter(
      (x) =>
        /^(BUTTON|INPUT|A)$/.test(x.el.tagName.toUpperCase()) &&
        /add to (cart|bag)|buy now|purchase|pre-?order now/i.test(x.text),
    )
    .map((x) => ({
      text: x.text,
      disabled:
        x.el.hasAttribute('disabled') ||
        x.el.getAttribute('aria-disabled') === 'true' ||
        /(^|[\s_-])disabled([\s_-]|$)/i.test(x.el.getAttribute('class') ?? ''),
    }));
  const stock: StockSignals = {
    outOfStock: find(
      /\b(out of stock|sold out|currently unavailable|temporarily unavailable|back-?ordered)\b/i,
    ),
    notifyMe: find(/notify me|email me when|notify when available|get notified|alert me when/i),
    preorder: find(/\bpre-?order\b|\bpre-?sale\b|\bpresale\b/i),
    inStock: find(/^(in stock|available now|ready to ship)\b/i),
    buyButtons,
  };

  const challenge =
    doc.querySelector(
      'iframe[src*="challenges.cloudflare.com"], iframe[src*="hcaptcha"], iframe[src*="recaptcha"], iframe[src*="captcha-delivery"], #challenge-form, #px-captcha, #cf-challenge-running',
    ) !== null;

  return {
    documentTitle: clean(doc.title ?? ''),
    productTitle,
    text: clean(textOf(doc.body)).slice(0, 2000),
    challenge,
    tiers,
    structured,
    prices,
    stock,
  };
}
