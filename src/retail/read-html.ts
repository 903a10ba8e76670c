/**
 * Reads page HTML that came without a browser (Firecrawl) with the same reader the browser runs,
 * on happy-dom with scripts, stylesheets and frames switched off.
 *
 * The reading is a pure function of the page's URL and HTML, and a costly one (a window, a parse,
 * computed styles for every element): a page read again unchanged — a dealer page between two
 * price moves, every retail run of the soak — is answered from a small cache of recent readings.
 */
import { createHash } from 'node:crypto';
import { type PageReading, readDocument } from './read-page.js';

/** Readings kept (about a catalog's worth of pages); the oldest goes first. */
export const READING_CACHE_SIZE = 64;
const readings = new Map<string, PageReading>();

export async function readHtml(html: string, url: string): Promise<PageReading> {
  const key = createHash('sha256').update(url).update('\0').update(html).digest('base64');
  const known = readings.get(key);
  if (known) {
    readings.delete(key); // most recently used last
    readings.set(key, known);
    return structuredClone(known);
  }
  const reading = await parseAndRead(html, url);
  readings.set(key, structuredClone(reading));
  if (readings.size > READING_CACHE_SIZE) readings.delete(readings.keys().next().value!);
  return reading;
}

async function parseAndRead(html: string, url: string): Promise<PageReading> {
  // Loaded on first use: a large module that only Firecrawl pages need, kept off every command's start-up.
  const { Window } = await import('happy-dom');
  const window = new Window({
    url,
    settings: {
      disableJavaScriptEvaluation: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
      disableIframePageLoading: true,
      navigation: {
        disableMainFrameNavigation: true,
        disableChildFrameNavigation: true,
        disableChildPageNavigation: true,
      },
    },
  });
  try {
    const doc = new window.DOMParser().parseFromString(html, 'text/html');
    return readDocument(doc as unknown as Document);
  } finally {
    await window.happyDOM.close();
  }
}
