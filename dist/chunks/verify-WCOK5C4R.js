import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import{verifyEndpoints,verifyPublished}from"./chunk-NAN4FYHB.js";import"./chunk-OFMCCNBF.js";import"./chunk-SCAFCABZ.js";import"./chunk-2LWV4S62.js";import"./chunk-2GTMXYQQ.js";import"./chunk-ZGL7H2KK.js";export{verifyEndpoints,verifyPublished};
