import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import {
  runCommand
} from "./chunk-CQKT3FJX.js";

// src/runtime/entry.ts
async function runEntry(command) {
  process.exitCode = await runCommand(command, { argv: process.argv.slice(2), env: process.env });
}

export {
  runEntry
};
