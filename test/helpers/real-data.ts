/** The real data repository snapshot beside the project (absent in a user's clone: tests skip, saying why). */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** STAKTRAKR_REAL_DATA points elsewhere (a git worktree does not sit beside ../shared). */
export const REAL_DATA =
  process.env.STAKTRAKR_REAL_DATA ??
  fileURLToPath(new URL('../../../shared/real-data/staktrakr-api', import.meta.url));
export const hasRealData = existsSync(REAL_DATA);
if (!hasRealData)
  console.log(`[skip] real-data tests: ${REAL_DATA} is absent (it lives in ../shared beside the project)`);
