#!/usr/bin/env node
// npm run bench -- <name> [args]: runs scripts/bench/<name>.ts (several names: one after another).
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const available = readdirSync(new URL('.', import.meta.url))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => f.replace(/\.ts$/, ''))
  .sort();
// `retail` is the scrape-speed and the repository-growth benchmark together, as the issue names them.
const ALIASES = { retail: ['retail-fetch', 'retail-growth'] };
const asked = process.argv
  .slice(2)
  .filter((a) => !a.startsWith('-'))
  .flatMap((a) => ALIASES[a] ?? [a]);
if (asked.length === 0 || asked.some((a) => !available.includes(a))) {
  const unknown = asked.filter((a) => !available.includes(a));
  if (unknown.length) console.error(`unknown benchmark: ${unknown.join(', ')}`);
  console.log(`usage: npm run bench -- <${available.join('|')}>`);
  process.exit(unknown.length ? 2 : 0);
}
for (const name of asked) {
  console.log(`== bench ${name}`);
  execFileSync('npx', ['--no-install', 'tsx', `scripts/bench/${name}.ts`], { stdio: 'inherit' });
}
