/**
 * Renders the status page from its parts. Everything is rendered on the server (the page reads at a
 * glance without JavaScript); the page script only draws the spot charts from the JSON block.
 */

import type { Freshness } from '../../data/freshness.js';
import { METALS, type Metal } from '../../data/spot.js';
import { formatIso, MINUTE } from '../../data/time.js';
import type { Cell, RetailGrid } from './grid.js';
import { type Html, html, jsonBlock } from './html.js';
import { type JobStatus, jobState } from './jobs.js';
import type { SpotCharts } from './spot-chart.js';

export interface EndpointRow {
  label: string;
  note?: string;
  spot: Freshness;
  retail: Freshness;
  checkedAt?: Date;
}

export interface StatusModel {
  now: Date;
  commit: string | null;
  uptimeSeconds: number;
  endpoints: EndpointRow[];
  /** Undefined: no scheduler in this process. */
  jobs?: JobStatus[];
  jobsError?: string;
  spot: SpotCharts;
  retail: RetailGrid;
  /** A coin whose `window_start` is older than this is shown as stale; 0: never. */
  retailMaxAgeMs: number;
  assets: { script: string; style: string; icon: string };
}

export const METAL_COLORS: Record<Metal, string> = {
  Gold: '#c8961e',
  Silver: '#7d8791',
  Platinum: '#2f7ab8',
  Palladium: '#9a4fb5',
};

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const money = (n: number | undefined) => (n === undefined ? '—' : usd.format(n));

export function formatAge(ms: number): string {
  const s = Math.abs(ms) / 1000;
  if (s < 90) return `${Math.round(s)} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  if (s < 48 * 3600) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86400).toFixed(1)} d`;
}

/** `2026-03-15 20:23 UTC` */
const utc = (t: Date | number) => `${formatIso(new Date(t)).slice(0, 16).replace('T', ' ')} UTC`;

/** A past instant as "12 min ago", with the exact time on hover. */
function ago(now: Date, at: Date | number | undefined): Html {
  if (at === undefined) return html`<span class="muted">never</span>`;
  const t = new Date(at).getTime();
  const diff = now.getTime() - t;
  return html`<time datetime="${formatIso(new Date(t))}" title="${utc(t)}">${diff >= 0 ? `${formatAge(diff)} ago` : `in ${formatAge(diff)}`}</time>`;
}

const pct = (n: number | undefined) =>
  n === undefined
    ? html`<span class="muted">—</span>`
    : html`<span class="${n >= 0 ? 'up' : 'down'}">${n >= 0 ? '+' : '−'}${Math.abs(n).toFixed(2)} %</span>`;

const GOOD = new Set<Freshness['status']>(['fresh', 'skipped']);

function freshnessCell(now: Date, f: Freshness): Html {
  const age = f.at ? html` <span class="age">${formatAge(now.getTime() - Date.parse(f.at))} old</span>` : '';
  const limit = f.maxAgeMinutes ? `limit ${formatAge(f.maxAgeMinutes * MINUTE)}` : '';
  const title = [f.path, f.at && `data of ${utc(Date.parse(f.at))}`, limit, f.detail]
    .filter(Boolean)
    .join(' · ');
  return html`<td class="fresh-${f.status}" title="${title}"><span class="pill">${f.status}</span>${age}${
    f.detail && !GOOD.has(f.status) ? html`<div class="detail">${f.detail}</div>` : ''
  }</td>`;
}

function endpointsSection(m: StatusModel): Html {
  const rows = m.endpoints.map(
    (e) => html`<tr>
      <th scope="row">${e.label}${e.note ? html` <span class="muted">${e.note}</span>` : ''}</th>
      ${freshnessCell(m.now, e.spot)}${freshnessCell(m.now, e.retail)}
      <td>${e.checkedAt ? ago(m.now, e.checkedAt) : html`<span class="muted">now</span>`}</td>
    </tr>`,
  );
  const none =
    m.endpoints.length === 1
      ? html`<p class="muted">No other endpoint configured (serve option <code>status-endpoints</code>).</p>`
      : '';
  return html`<section id="endpoints">
    <h2>Endpoints</h2>
    <table class="list"><thead><tr><th>Endpoint</th><th>Spot (newest hourly entry)</th><th>Retail (manifest)</th><th>Checked</th></tr></thead>
    <tbody>${rows}</tbody></table>${none}
  </section>`;
}

function jobsSection(m: StatusModel): Html {
  let body: Html;
  if (m.jobsError) body = html`<p class="error">Job status unavailable: ${m.jobsError}</p>`;
  else if (!m.jobs)
    body = html`<p class="muted">No scheduler in this process: <code>serve</code> runs alone (the daemon lists its jobs here).</p>`;
  else if (m.jobs.length === 0) body = html`<p class="muted">The scheduler has no jobs.</p>`;
  else {
    const rows = m.jobs.map((j) => {
      const state = jobState(j);
      return html`<tr class="job-${state.replace(' ', '-')}">
        <th scope="row">${j.name}${j.schedule ? html`<div class="muted mono">${j.schedule}</div>` : ''}</th>
        <td><span class="pill">${state}</span></td>
        <td>${ago(m.now, j.lastRun)}</td>
        <td>${ago(m.now, j.lastSuccess)}</td>
        <td>${j.lastError ? html`${ago(m.now, j.lastError.at)}<div class="detail">${j.lastError.message.slice(0, 300)}</div>` : html`<span class="muted">none</span>`}</td>
        <td>${j.nextRun ? ago(m.now, j.nextRun) : html`<span class="muted">—</span>`}</td>
      </tr>`;
    });
    body = html`<table class="list"><thead><tr><th>Job</th><th>State</th><th>Last run</th><th>Last success</th><th>Last error</th><th>Next run</th></tr></thead><tbody>${rows}</tbody></table>`;
  }
  return html`<section id="jobs"><h2>Jobs</h2>${body}</section>`;
}

function spotSection(m: StatusModel): Html {
  const ended = m.spot.endedAt;
  const cards = m.spot.summary.map(
    (s) => html`<div class="metal${ended === undefined ? '' : ' metal-stale'}">
      <div class="metal-name"><span class="swatch swatch-${s.metal.toLowerCase()}"></span>${s.metal}</div>
      <div class="metal-price">${money(s.price)}</div>
      <div class="metal-change">24 h ${pct(s.change24h)} · 7 d ${pct(s.change7d)}</div>
      <div class="muted small">${s.at === undefined ? 'no data' : html`${ended === undefined ? 'as of' : 'last known, stale since'} ${ago(m.now, s.at)}`}</div>
    </div>`,
  );
  // Old data: the last available period, said plainly, rather than empty charts.
  const notice =
    ended === undefined
      ? ''
      : html`<p class="stale-notice" id="spot-stale">No spot data for ${formatAge(m.now.getTime() - ended)}: the newest is from ${utc(ended)}. The charts show the last available period, up to then.</p>`;
  const figures = m.spot.charts.map(
    (
      c,
    ) => html`<figure><figcaption>${ended === undefined ? c.title : `${c.title} of data, to ${utc(ended)}`} <span class="muted">· % change, USD/oz in the legend</span></figcaption>
      <div class="chart" id="${c.id}" data-points="${c.x.length}">${c.x.length ? '' : html`<p class="muted">No spot data in this period.</p>`}</div></figure>`,
  );
  const data = { colors: METAL_COLORS, metals: METALS, charts: m.spot.charts };
  return html`<section id="spot"><h2>Spot</h2>${notice}
    <div class="metals">${cards}</div>
    <div class="charts">${figures}</div>
    <script type="application/json" id="spot-data">${jsonBlock(data)}</script>
  </section>`;
}

function gridCell(now: Date, dealer: string, coin: string, c: Cell): Html {
  const label = `${coin} at ${dealer}`;
  const last =
    'lastPrice' in c && c.lastPrice !== undefined
      ? html`<div class="small">last ${money(c.lastPrice)}</div>`
      : '';
  switch (c.state) {
    case 'price':
      return html`<td class="cell-price" title="${label}: current price">${money(c.price)}</td>`;
    case 'stale': {
      const since = c.since && !Number.isNaN(Date.parse(c.since)) ? Date.parse(c.since) : undefined;
      return html`<td class="cell-stale" title="${label}: last price carried forward${since ? ` since ${utc(since)}` : ''}">${money(c.price)}<div class="small">stale${since ? ` ${formatAge(now.getTime() - since)}` : ''}</div></td>`;
    }
    case 'oos':
      return html`<td class="cell-oos" title="${label}: out of stock${c.lastAvailable ? `, last in stock ${c.lastAvailable}` : ''}">OOS${last}</td>`;
    case 'failed':
      return html`<td class="cell-failed" title="${label}: no price and no stock answer">failed${last}</td>`;
    case 'none':
      return html`<td class="cell-none" title="${label}: not carried">·</td>`;
  }
}

function retailSection(m: StatusModel): Html {
  const g = m.retail;
  if (g.problem) return html`<section id="retail"><h2>Retail</h2><p class="error">${g.problem}</p></section>`;
  const count = (state: Cell['state']) =>
    g.coins.reduce((n, c) => n + Object.values(c.cells).filter((x) => x.state === state).length, 0);
  const head = g.dealers.map((d) => html`<th scope="col" class="dealer"><span>${d}</span></th>`);
  const rows = g.coins.map((c) => {
    const old =
      c.windowStart !== undefined &&
      m.retailMaxAgeMs > 0 &&
      m.now.getTime() - c.windowStart > m.retailMaxAgeMs;
    const cells = c.problem
      ? html`<td colspan="${g.dealers.length}" class="error">${c.problem}</td>`
      : g.dealers.map((d) => gridCell(m.now, d, c.name, c.cells[d] ?? { state: 'none' }));
    return html`<tr>
      <th scope="row" class="coin"><span class="swatch swatch-${c.metal.toLowerCase()}"></span>${c.name}<div class="muted small mono">${c.slug}</div></th>
      <td class="num">${money(c.median)}</td><td class="num">${money(c.lowest)}</td>
      <td class="${old ? 'coin-stale' : ''}">${c.windowStart === undefined ? '—' : ago(m.now, c.windowStart)}</td>
      ${cells}
    </tr>`;
  });
  return html`<section id="retail"><h2>Retail</h2>
    <p class="summary">Manifest generated ${ago(m.now, g.generatedAt)} · ${g.coins.length} coins × ${g.dealers.length} dealers ·
      <span class="legend cell-price">${count('price')} priced</span>
      <span class="legend cell-stale">${count('stale')} stale</span>
      <span class="legend cell-oos">${count('oos')} out of stock</span>
      <span class="legend cell-failed">${count('failed')} failed</span></p>
    <div class="grid-wrap"><table class="grid">
      <thead><tr><th scope="col">Coin</th><th scope="col">Median</th><th scope="col">Low</th><th scope="col">Window</th>${head}</tr></thead>
      <tbody>${rows}</tbody>
    </table></div>
  </section>`;
}

/** Problems an operator should look at: endpoints not fresh, failing jobs, no retail grid. */
export function countProblems(m: StatusModel): number {
  const endpoints = m.endpoints.flatMap((e) => [e.spot, e.retail]).filter((f) => !GOOD.has(f.status)).length;
  const jobs = (m.jobs ?? []).filter((j) => jobState(j) === 'failing').length + (m.jobsError ? 1 : 0);
  return endpoints + jobs + (m.retail.problem ? 1 : 0);
}

export function renderStatusPage(m: StatusModel): string {
  const problems = countProblems(m);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="60">
<title>${problems ? `(${problems}) ` : ''}StakTrakr status</title>
<link rel="icon" href="${m.assets.icon}" type="image/svg+xml">
<link rel="stylesheet" href="${m.assets.style}">
<script src="${m.assets.script}" defer></script>
</head>
<body>
<header>
  <h1>StakTrakr status</h1>
  <span class="badge ${problems ? 'badge-bad' : 'badge-ok'}">${problems ? `${problems} problem${problems > 1 ? 's' : ''}` : 'all fresh'}</span>
  <p class="muted">${utc(m.now)} · commit ${m.commit ? m.commit.slice(0, 12) : 'unknown'} · up ${formatAge(m.uptimeSeconds * 1000)} · refreshes every minute</p>
</header>
<main>
${endpointsSection(m)}
${jobsSection(m)}
${spotSection(m)}
${retailSection(m)}
</main>
</body>
</html>
`.text;
}
