import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import{verifyEndpoints,verifyPublished}from"./chunk-D353TODK.js";import"./chunk-IML4R3OG.js";import"./chunk-3DIAJMX3.js";import"./chunk-YSFIBG6N.js";import"./chunk-UANEAB5K.js";import"./chunk-ZGL7H2KK.js";export{verifyEndpoints,verifyPublished};
