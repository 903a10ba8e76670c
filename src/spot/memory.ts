/**
 * What the poller remembers between runs, outside the data repository (it is not a fact): calls made
 * this month, the last `/usage` reading (read at most once a UTC day), the cadence it runs at, which
 * endpoints a plan refused, and which slots and days the upstream had nothing for. It lives in the
 * clone's `.git/` directory — never committed, kept as long as the workdir is (the daemon's and a
 * self-hosted runner's are; a fresh GitHub-hosted runner starts without it, see README "Quota").
 * Best effort: an unreadable file is a fresh start, never a failure.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as z from '../data/zod.js';

const MAX_REMEMBERED = 2_000;

const memorySchema = z.object({
  version: z.literal(1),
  /** `YYYY-MM` (UTC) the counter belongs to. */
  month: z.string().check(z.regex(/^\d{4}-\d{2}$/)),
  /** Upstream calls this poller made in `month`. */
  used: z.number().check(z.int(), z.gte(0)),
  usage: z.optional(
    z.object({
      at: z.string(),
      remaining: z.number(),
      total: z.optional(z.number()),
      /** Calls made since the reading. */
      since: z.number().check(z.int(), z.gte(0)),
    }),
  ),
  lastRun: z.optional(z.string()),
  /** Smoothed interval between runs, ms. */
  cadenceMs: z.optional(z.number().check(z.positive())),
  /** "provider endpoint" → ISO time until which it is not tried again (a plan refused it). */
  unsupported: z.record(z.string(), z.string()),
  /** Slots (`YYYY-MM-DD HH:MM`) and days (`YYYY-MM-DD`) the upstream answered nothing for. */
  empty: z.array(z.string()).check(z.maxLength(MAX_REMEMBERED)),
});
export type Memory = z.infer<typeof memorySchema>;

export const memoryPath = (clone: string) => join(clone, '.git', 'staktrakr-spot-poll.json');

const monthOf = (now: Date) => now.toISOString().slice(0, 7);

export function freshMemory(now: Date): Memory {
  return { version: 1, month: monthOf(now), used: 0, unsupported: {}, empty: [] };
}

export async function loadMemory(path: string, now: Date): Promise<{ memory: Memory; found: boolean }> {
  try {
    const parsed = memorySchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    if (!parsed.success) return { memory: freshMemory(now), found: false };
    const m = parsed.data;
    if (m.month !== monthOf(now)) Object.assign(m, { month: monthOf(now), used: 0 });
    for (const [k, until] of Object.entries(m.unsupported))
      if (Date.parse(until) <= now.getTime()) delete m.unsupported[k];
    return { memory: m, found: true };
  } catch {
    return { memory: freshMemory(now), found: false };
  }
}

/** Records this run's calls and time, then writes atomically. Never throws. */
export async function saveMemory(path: string, m: Memory, now: Date, calls: number): Promise<void> {
  m.used += calls;
  if (m.usage) m.usage.since += calls;
  if (m.lastRun) {
    const gap = now.getTime() - Date.parse(m.lastRun);
    // Only plausible gaps (a minute to a day) shape the cadence; an outage does not.
    if (gap >= 60_000 && gap <= 86_400_000)
      m.cadenceMs = m.cadenceMs ? Math.round(m.cadenceMs * 0.7 + gap * 0.3) : gap;
  }
  m.lastRun = now.toISOString();
  m.empty = [...new Set(m.empty)].sort().slice(-MAX_REMEMBERED);
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(`${path}.tmp`, `${JSON.stringify(m, null, 2)}\n`);
    await rename(`${path}.tmp`, path);
  } catch {
    // The data is safe either way; the next run re-learns what it needs.
  }
}
