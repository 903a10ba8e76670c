/**
 * Reads page HTML that came without a browser (Firecrawl) with the same reader the browser runs,
 * on happy-dom with scripts, stylesheets and frames switched off.
 */
import { type PageReading, readDocument } from './read-page.js';

export async function readHtml(html: string, url: string): Promise<PageReading> {
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
