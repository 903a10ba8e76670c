/**
 * The retail manifest of a checkout, read and parsed in one place for every reader on disk (`/health`,
 * the status page's grid) through the one lenient reader, retail-manifest.ts (which stays free of
 * Node for the browser client). Never through a link; a file that cannot be read is a problem, not a
 * crash.
 */
import { join } from 'node:path';
import { readTextIfExists } from './atomic.js';
import { parseJson } from './json.js';
import { MANIFEST_PATH } from './paths.js';
import { type ManifestCoin, manifestCoins, manifestInstant } from './retail-manifest.js';

export type ManifestFile =
  /** `at`: its instant, or why it has none (retail-manifest.ts `manifestInstant`). */
  { ok: true; at: Date | string; coins: ManifestCoin[] } | { ok: false; problem: string };

export async function readManifestFile(root: string): Promise<ManifestFile> {
  let text: string | undefined;
  try {
    text = await readTextIfExists(join(root, MANIFEST_PATH), root);
  } catch (err) {
    return { ok: false, problem: `${MANIFEST_PATH} cannot be read: ${(err as Error).message}` };
  }
  if (text === undefined) return { ok: false, problem: `${MANIFEST_PATH} is missing` };
  const parsed = parseJson(text);
  if (!parsed.ok) return { ok: false, problem: `${MANIFEST_PATH} is not JSON: ${parsed.error}` };
  return { ok: true, at: manifestInstant(parsed.value), coins: manifestCoins(parsed.value) };
}
