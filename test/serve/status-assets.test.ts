/**
 * The status page's bundled assets: the committed module is exactly what the generator makes from
 * page-script.ts, status.css and the uPlot in node_modules (run `npx tsx scripts/gen-status-assets.ts`
 * after changing any of them or upgrading uPlot), and the bundle keeps uPlot's licence notice.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ASSETS_MODULE, renderStatusAssets } from '../../scripts/gen-status-assets.js';
import { STATUS_SCRIPT_BASE64, STATUS_STYLE_BASE64 } from '../../src/serve/status/assets.generated.js';

describe('status page assets', () => {
  it('are up to date with their sources and node_modules/uplot', async () => {
    expect(await readFile(ASSETS_MODULE, 'utf8')).toBe(await renderStatusAssets());
  });

  it('carry uPlot with its licence notice, and its styles', async () => {
    const script = Buffer.from(STATUS_SCRIPT_BASE64, 'base64').toString();
    const style = Buffer.from(STATUS_STYLE_BASE64, 'base64').toString();
    expect(script).toMatch(/Copyright \(c\) \d{4}, Leon Sorokin[\s\S]*MIT Licensed/);
    expect(script).toContain('spot-data');
    expect(style).toContain('.uplot');
    expect(style).toContain('.cell-stale');
  });
});
