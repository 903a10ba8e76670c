import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import{verifyEndpoints,verifyPublished}from"./chunk-442MSYR5.js";import"./chunk-OLNVXNCK.js";import"./chunk-TP3MMSGF.js";import"./chunk-DPS5BZ46.js";import"./chunk-7BZPEM7B.js";import"./chunk-ZGL7H2KK.js";export{verifyEndpoints,verifyPublished};
