import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import {
  external_exports
} from "./chunk-CK63WHET.js";

// src/data/fx.ts
var fxPath = (slotFile) => slotFile.replace(/^data\/15min\//, "data/fx/");
var fxFact = external_exports.object({
  timestamp: external_exports.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
  base: external_exports.literal("USD"),
  provider: external_exports.string().min(1),
  rates: external_exports.record(external_exports.string().regex(/^[A-Z]{3}$/), external_exports.number().finite().positive())
});

export {
  fxPath,
  fxFact
};
