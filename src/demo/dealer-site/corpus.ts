/**
 * More of the extraction corpus (site.ts has the first trap pages): stock words outside the product's
 * own area (site-wide banners, reviews and Q&A, strips of other products), prices written with a
 * currency code, price grids of plain elements, sold-out pages that still show a price, pre-orders,
 * bundles, tickers, carousels and "as low as" figures. Each page carries the answer a careful human
 * would give; `plain` pages have no Product markup, so everything in <main> is in the product area.
 */
import { buy, jsonLd, money, renderScenario, type Scenario, scenarios, table } from './site.js';

/** A price grid of plain divs: no table element, no ARIA roles. */
const divGrid = (headers: string[], rows: (string | number)[][], cell = money) =>
  `<div class="tier-pricing">${[headers, ...rows]
    .map(
      (r) =>
        `<div class="tier-row">${r.map((c) => `<div class="tier-cell">${typeof c === 'number' ? cell(c) : c}</div>`).join('')}</div>`,
    )
    .join('')}</div>`;
const usdAfter = (n: number) =>
  `${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} USD`;
const usdBefore = (n: number) =>
  `USD ${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
/** A strip of other products, each with its own stock word and buy button. */
const strip = (cls: string, heading: string, word: string) =>
  `<div class="${cls}"><h2>${heading}</h2>${[
    ['1/4 oz Gold Maple', 1380],
    ['1 oz Silver Britannia', 86.4],
  ]
    .map(
      ([n, p]) =>
        `<div class="tile"><a href="#">${n}</a> <span class="price">${money(p as number)}</span> <span class="stock">${word}</span><button disabled>Add to Cart</button></div>`,
    )
    .join('')}</div>`;
const tiers = (check: number, card: number) =>
  table(
    ['Quantity', 'Check/Wire', 'Card/PayPal'],
    [
      ['1 - 19', check, card],
      ['20+', check - 2, card - 2],
    ],
  );

export function corpusScenarios(): Scenario[] {
  return [
    // ---- stock words outside the product's own area ----
    {
      vendor: 'apmex',
      coin: 'age',
      scenario: 'banner-in-main-out-of-stock',
      plain: true,
      title: '1 oz American Gold Eagle Coin BU',
      mainTop: `<div class="site-banner">Due to high demand some products are out of stock. Sold out items restock weekly.</div>`,
      body: `${tiers(5230.31, 5439.52)}${buy()}`,
      expect: { price: 5230.31, inStock: true },
    },
    {
      vendor: 'jmbullion',
      coin: 'ase',
      scenario: 'announcement-notify-me',
      plain: true,
      title: '2026 1 oz American Silver Eagle Coin BU',
      mainTop: `<div class="announcement"><p>Notify me when the 2026 Proof Eagles arrive: sign up today.</p></div>`,
      body: `${tiers(92.1, 95.8)}${buy()}`,
      expect: { price: 92.1, inStock: true },
    },
    {
      vendor: 'sdbullion',
      coin: 'age',
      scenario: 'promo-bar-sold-out',
      plain: true,
      title: '1 oz Gold American Eagle (Random Year)',
      mainTop: `<div class="promo-bar"><strong>Sold Out:</strong> 2025 Proof Gold Eagles. Shop the BU coins below.</div>`,
      body: `${tiers(5244.0, 5453.76)}${buy()}`,
      expect: { price: 5244, inStock: true },
    },
    {
      vendor: 'monumentmetals',
      coin: 'ase',
      scenario: 'site-banner-outside-main',
      title: 'Random Date 1 oz Silver Eagle',
      banner: `<div class="top-banner">Currently unavailable: phone orders. Out of stock items are marked on each page.</div>`,
      body: `${tiers(90.39, 94.0)}${buy()}`,
      expect: { price: 90.39, inStock: true },
    },
    {
      vendor: 'providentmetals',
      coin: 'age',
      scenario: 'reviews-sold-out-plain',
      plain: true,
      title: '1 oz US American Gold Eagle Coin (Dates Our Choice)',
      body: `${tiers(5227.81, 5438.99)}${buy()}`,
      reviews: `<div class="review"><p>It was sold out everywhere else. Out of stock for weeks at my LCS.</p></div>`,
      expect: { price: 5227.81, inStock: true },
    },
    {
      vendor: 'herobullion',
      coin: 'ase',
      scenario: 'questions-and-answers',
      plain: true,
      title: 'American Silver Eagle 1 oz Coin',
      body: `${tiers(91.35, 95.0)}${buy()}<section class="pdp-section"><h2>Questions &amp; Answers</h2>
        <p>Q: Why was this temporarily unavailable? A: The mint paused production. Notify me buttons appear when it is back-ordered.</p></section>`,
      expect: { price: 91.35, inStock: true },
    },
    {
      vendor: 'gainesvillecoins',
      coin: 'age',
      scenario: 'popular-strip-sold-out',
      plain: true,
      title: '1 oz American Gold Eagle Coins',
      body: `${tiers(5232.57, 5441.87)}${buy()}${strip('pdp-block', 'Popular Right Now', 'Sold Out')}`,
      expect: { price: 5232.57, inStock: true },
    },
    {
      vendor: 'summitmetals',
      coin: 'ase',
      scenario: 'frequently-bought-out-of-stock',
      plain: true,
      title: '2026 1 oz American Silver Eagle BU',
      body: `${tiers(92.25, 95.94)}${buy()}${strip('pdp-block', 'Frequently Bought Together', 'Out of Stock')}`,
      expect: { price: 92.25, inStock: true },
    },
    {
      vendor: 'bullionexchanges',
      coin: 'generic-silver-bar-10oz',
      scenario: 'best-sellers-notify-me',
      plain: true,
      title: '10 oz Silver Bar .999 Fine (Assorted)',
      body: `${tiers(879.4, 914.58)}${buy()}${strip('block', 'Best Sellers', 'Notify Me')}`,
      expect: { price: 879.4, inStock: true },
    },
    {
      vendor: 'apmex',
      coin: 'generic-silver-bar-10oz',
      scenario: 'product-strip-class',
      plain: true,
      title: '10 oz Silver Bar - Secondary Market',
      body: `${tiers(868.2, 902.93)}${buy()}${strip('product-strip', 'More Bars', 'Sold Out')}`,
      expect: { price: 868.2, inStock: true },
    },
    {
      vendor: 'jmbullion',
      coin: 'goldback-utah-g1',
      scenario: 'goldback-trending-sold-out',
      plain: true,
      title: 'Utah Goldback G1 (1/1000 oz 24K Gold)',
      body: `${tiers(10.49, 10.91)}${buy()}${strip('pdp-block', 'Trending Now', 'Sold Out')}`,
      expect: { price: 10.49, inStock: true },
    },
    // ---- a currency code instead of a symbol ----
    {
      vendor: 'apmex',
      coin: 'age',
      scenario: 'usd-code-after-in-table',
      title: '1 oz American Gold Eagle Coin BU (Random Year)',
      body: `${table(
        ['Quantity', 'Check/Wire', 'Card/PayPal'],
        [
          ['1 - 19', usdAfter(5147.01), usdAfter(5352.89)],
          ['20+', usdAfter(5127.01), usdAfter(5332.09)],
        ],
      )}${buy()}`,
      expect: { price: 5147.01, inStock: true },
    },
    {
      vendor: 'jmbullion',
      coin: 'age',
      scenario: 'usd-code-before-in-table',
      title: '1 oz American Gold Eagle Coin (Varied Year)',
      body: `${table(
        ['Qty', 'Card', 'eCheck/Wire'],
        [
          ['1-9', usdBefore(5352.89), usdBefore(5147.01)],
          ['10+', usdBefore(5311.29), usdBefore(5107.01)],
        ],
      )}${buy()}`,
      expect: { price: 5147.01, inStock: true },
    },
    {
      vendor: 'sdbullion',
      coin: 'ase',
      scenario: 'usd-code-after-text',
      title: '1 oz American Silver Eagle Coin (Random Year)',
      body: `<div class="buy-box"><div class="price-line">Check/Wire: <strong>${usdAfter(91.47)}</strong></div>
        <div class="price-line">Card: ${usdAfter(95.13)}</div>${buy()}</div>`,
      expect: { price: 91.47, inStock: true },
    },
    {
      vendor: 'monumentmetals',
      coin: 'ase',
      scenario: 'usd-code-before-text',
      title: 'Random Date 1 oz Silver Eagle',
      body: `<div class="buy-box"><p>Bank wire price <span>${usdBefore(90.12)}</span></p><p>Credit card price <span>${usdBefore(93.72)}</span></p>${buy()}</div>`,
      expect: { price: 90.12, inStock: true },
    },
    {
      vendor: 'providentmetals',
      coin: 'generic-silver-bar-10oz',
      scenario: 'us-dollar-sign-table',
      title: '10 oz Provident Silver Bar',
      body: `${table(
        ['Qty', 'Check/Wire', 'Credit/Debit'],
        [
          ['1-9', 'US$ 874.20', 'US$ 909.17'],
          ['10+', 'US$ 869.20', 'US$ 903.97'],
        ],
      )}${buy()}`,
      expect: { price: 874.2, inStock: true },
    },
    {
      vendor: 'herobullion',
      coin: 'goldback-utah-g1',
      scenario: 'usd-code-goldback-text',
      title: 'Goldback Utah G1 Note',
      body: `<div class="pdp-price"><span>Price:</span> <span class="amount">${usdAfter(10.49)}</span></div>${buy()}`,
      expect: { price: 10.49, inStock: true },
    },
    // ---- price grids of plain divs ----
    {
      vendor: 'gainesvillecoins',
      coin: 'age',
      scenario: 'div-grid',
      title: '1 oz American Gold Eagle Coin (Random Year)',
      body: `${divGrid(
        ['Quantity', 'Check/Wire', 'Card'],
        [
          ['1 - 9', 5210.55, 5418.97],
          ['10 - 49', 5190.55, 5398.17],
          ['50+', 5170.55, 5377.37],
        ],
      )}${buy()}`,
      expect: { price: 5210.55, inStock: true },
    },
    {
      vendor: 'summitmetals',
      coin: 'ase',
      scenario: 'div-grid-columns-reordered',
      plain: true,
      title: '1 oz American Silver Eagle Coin BU',
      body: `${divGrid(
        ['Card', 'Check', 'Qty'],
        [
          [95.94, 92.25, '1-24'],
          [95.42, 91.75, '25+'],
        ],
      )}${buy()}`,
      expect: { price: 92.25, inStock: true },
    },
    {
      vendor: 'bullionexchanges',
      coin: 'generic-silver-bar-10oz',
      scenario: 'list-grid',
      title: '10 oz Silver Bar (.999 Fine)',
      body: `<ul class="volume-pricing"><li><span>Units</span><span>Wire</span><span>Card</span></li>
        <li><span>1-4</span><span>${money(881.4)}</span><span>${money(916.66)}</span></li>
        <li><span>5+</span><span>${money(876.4)}</span><span>${money(911.46)}</span></li></ul>${buy()}`,
      expect: { price: 881.4, inStock: true },
    },
    {
      vendor: 'apmex',
      coin: 'goldback-utah-g1',
      scenario: 'div-grid-usd-code',
      title: 'Utah Goldback 1 (G1) - 1/1000 oz Gold Note',
      body: `${divGrid(
        ['Quantity', 'Check/Wire', 'Credit Card'],
        [
          ['1 - 49', 9.95, 10.35],
          ['50+', 9.85, 10.24],
        ],
        usdAfter,
      )}${buy()}`,
      expect: { price: 9.95, inStock: true },
    },
    {
      vendor: 'sdbullion',
      coin: 'age',
      scenario: 'div-grid-first-tier-last',
      title: '1 oz American Gold Eagle Coin Random Year BU',
      body: `${divGrid(
        ['Qty', 'Credit Card', 'ACH/Wire'],
        [
          ['500+', 5290.0, 5099.0],
          ['20 - 499', 5300.0, 5110.0],
          ['1 - 19', 5340.0, 5245.0],
        ],
      )}${buy()}`,
      expect: { price: 5245, inStock: true },
    },
    // ---- sold out, still showing a price (the price is recorded, out of stock) ----
    {
      vendor: 'herobullion',
      coin: 'age',
      scenario: 'sold-out-text-price',
      title: 'American Gold Eagle 1 oz Coin',
      body: `<div class="stock"><span class="label">Sold Out</span></div><div class="pdp-price"><span>Cash/Check Price</span> <span class="amount">${money(5260)}</span></div>`,
      expect: { price: 5260, inStock: false },
    },
    {
      vendor: 'jmbullion',
      coin: 'generic-silver-bar-10oz',
      scenario: 'sold-out-json-ld-price',
      title: '10 oz JM Bullion Silver Bar',
      head: jsonLd('10 oz JM Bullion Silver Bar', {
        '@type': 'Offer',
        price: 889.5,
        priceCurrency: 'USD',
        availability: 'https://schema.org/OutOfStock',
      }),
      body: `<div class="price-line">Price: <strong>${money(889.5)}</strong></div>`,
      expect: { price: 889.5, inStock: false },
    },
    {
      vendor: 'sdbullion',
      coin: 'goldback-utah-g1',
      scenario: 'sold-out-disabled-button',
      title: 'Utah Goldback - G1',
      body: `${tiers(10.33, 10.74)}${buy('Add to Cart', true)}`,
      expect: { price: 10.33, inStock: false },
    },
    {
      vendor: 'monumentmetals',
      coin: 'age',
      scenario: 'backordered-with-price',
      title: 'Random Date 1 oz Gold Eagle',
      body: `<div class="availability"><em>Backordered</em> - ships in 4 to 6 weeks</div>${tiers(5225.08, 5434.08)}`,
      expect: { price: 5225.08, inStock: false },
    },
    {
      vendor: 'summitmetals',
      coin: 'generic-silver-bar-10oz',
      scenario: 'sold-out-div-grid',
      title: '10 oz Silver Bar - Summit',
      body: `<p class="oos">Out of Stock</p>${divGrid(
        ['Qty', 'Check/Wire', 'Card'],
        [
          ['1-9', 873.5, 908.44],
          ['10+', 868.5, 903.24],
        ],
      )}<button class="btn">Notify Me When Available</button>`,
      expect: { price: 873.5, inStock: false },
    },
    // ---- pre-orders (buyable now unless the dealer's catalog entry says otherwise) ----
    {
      vendor: 'apmex',
      coin: 'ase',
      scenario: 'presale-badge',
      title: '2027 1 oz American Silver Eagle Coin BU (Presale)',
      body: `<div class="badge">Presale</div><p>Ships in 3 weeks.</p>${tiers(93.1, 96.82)}${buy('Pre-Order Now')}`,
      expect: { price: 93.1, inStock: true },
    },
    {
      vendor: 'gainesvillecoins',
      coin: 'ase',
      scenario: 'preorder-json-ld',
      title: '2027 1 oz American Silver Eagle',
      head: jsonLd('2027 1 oz American Silver Eagle', {
        '@type': 'Offer',
        price: 94.05,
        priceCurrency: 'USD',
        availability: 'https://schema.org/PreOrder',
      }),
      body: `<div class="buy-box"><div class="price-line">Check/Wire Price ${money(94.05)}</div><div class="price-line price-card">Card price ${money(97.81)}</div>${buy('Pre-Order Now')}</div>`,
      expect: { price: 94.05, inStock: true },
    },
    {
      vendor: 'summitmetals',
      coin: 'goldback-utah-g1',
      scenario: 'goldback-preorder',
      title: 'Utah Goldback G1 (2027 Series)',
      body: `<div class="notice-inline">Pre-order: expected ship date in January</div>${tiers(10.4, 10.82)}${buy('Pre-Order Now')}`,
      expect: { price: 10.4, inStock: true },
    },
    // ---- bundles and multi-packs: never a 1-unit price ----
    {
      vendor: 'jmbullion',
      coin: 'ase',
      scenario: 'tube-of-20',
      title: 'American Silver Eagle 1 oz - Tube of 20',
      body: `${tiers(1846.0, 1919.84)}${buy()}`,
      expect: { price: null, inStock: true, reason: /bundle/i },
    },
    {
      vendor: 'providentmetals',
      coin: 'age',
      scenario: 'two-pack',
      title: '1 oz American Gold Eagle Coin (2-Pack)',
      body: `${tiers(10460.0, 10878.4)}${buy()}`,
      expect: { price: null, inStock: true, reason: /bundle/i },
    },
    {
      vendor: 'bullionexchanges',
      coin: 'goldback-utah-g1',
      scenario: 'goldback-pack-of-5',
      title: 'Utah Goldback G1 - Pack of 5',
      body: `<div class="price-line">Price: ${money(51.2)}</div>${buy()}`,
      expect: { price: null, inStock: true, reason: /bundle/i },
    },
    {
      vendor: 'apmex',
      coin: 'generic-silver-bar-10oz',
      scenario: 'unit-page-with-box-offer',
      title: '10 oz Silver Bar (Any Mint)',
      body: `<div class="buy-box"><div class="price-line">Price: <strong>${money(880.5)}</strong></div>
        <div class="price-line">Box of 5 for ${money(4380)}</div>${buy()}</div>`,
      expect: { price: 880.5, inStock: true },
    },
    {
      vendor: 'herobullion',
      coin: 'ase',
      scenario: 'monster-box',
      title: 'American Silver Eagle Monster Box (500 coins)',
      body: `<div class="price-line">Price: ${money(46150)}</div>${buy()}`,
      expect: { price: null, inStock: true, reason: /bundle/i },
    },
    // ---- tickers, carousels, "as low as" ----
    {
      vendor: 'herobullion',
      coin: 'generic-silver-bar-10oz',
      scenario: 'spot-bar-in-product',
      title: '10 oz Hero Bullion Silver Bar (.999)',
      body: `<div class="spot-bar">Silver ${money(80.6)} Gold ${money(5019.58)}</div><div class="buy-box"><div class="price-line">Check/Wire ${money(874.31)}</div>${buy()}</div>`,
      expect: { price: 874.31, inStock: true },
    },
    {
      vendor: 'sdbullion',
      coin: 'generic-silver-bar-10oz',
      scenario: 'ticker-with-stock-words',
      plain: true,
      title: '10 oz SD Bullion Silver Bar',
      mainTop: `<div class="price-ticker-wrap">Out of Stock: 1/10 oz Gold Eagle ${money(560)} · Silver ${money(80.6)}</div>`,
      body: `${tiers(871.2, 906.05)}${buy()}`,
      expect: { price: 871.2, inStock: true },
    },
    {
      vendor: 'monumentmetals',
      coin: 'age',
      scenario: 'swiper-carousel-sold-out',
      plain: true,
      title: 'Random Date 1 oz Gold Eagle (BU)',
      body: `<div class="buy-box"><div class="price-line">Check/Wire: ${money(5238)}</div>${buy()}</div>
        <div class="swiper-container"><div class="swiper-slide">1/2 oz Gold Eagle ${money(2700)} <span>Sold Out</span></div><div class="swiper-slide">1/4 oz Gold Eagle ${money(1380)} <button disabled>Add to Cart</button></div></div>`,
      expect: { price: 5238, inStock: true },
    },
    {
      vendor: 'gainesvillecoins',
      coin: 'generic-silver-bar-10oz',
      scenario: 'aggregate-offer-as-low-as',
      title: '10 oz Silver Bar (Varied Mint)',
      head: jsonLd('10 oz Silver Bar (Varied Mint)', {
        '@type': 'AggregateOffer',
        lowPrice: 860,
        highPrice: 915,
        priceCurrency: 'USD',
      }),
      body: `<div class="product-price"><span>As low as</span> <span class="price">${money(860)}</span></div>${tiers(879.99, 915.19)}${buy()}`,
      expect: { price: 879.99, inStock: true },
    },
    {
      vendor: 'providentmetals',
      coin: 'ase',
      scenario: 'as-low-as-and-unit-text',
      title: '1 oz American Silver Eagle Coin BU',
      body: `<div class="buy-box"><div class="price-line">As low as ${money(88.99)}</div><div class="price-line">1 coin, check/wire: ${money(92.49)}</div>${buy()}</div>`,
      expect: { price: 92.49, inStock: true },
    },
    {
      vendor: 'summitmetals',
      coin: 'generic-silver-bar-10oz',
      scenario: 'starting-at-only',
      title: '10 oz Silver Bar - Any Brand',
      body: `<div class="product-price"><span>Starting at</span> <span class="price">${money(868)}</span></div>${buy()}`,
      expect: { price: null, inStock: true, reason: /as low as/i },
    },
    {
      vendor: 'jmbullion',
      coin: 'generic-silver-bar-10oz',
      scenario: 'per-ounce-and-unit',
      title: '10 oz Silver Bar (Random Brand)',
      body: `<div class="buy-box"><div class="price-line">${money(87.95)} /oz</div><div class="price-line">Check/Wire ${money(879.5)}</div>${buy()}</div>`,
      expect: { price: 879.5, inStock: true },
    },
  ];
}

/** Every trap page: the site's own scenarios and this corpus, rendered (the extraction tests' input). */
export const trapPages = () => [...scenarios(), ...corpusScenarios()].map(renderScenario);
