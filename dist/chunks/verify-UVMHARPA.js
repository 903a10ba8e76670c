import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import{verifyEndpoints,verifyPublished}from"./chunk-ZR7GSLDK.js";import"./chunk-Q7UDWU6H.js";import"./chunk-N35KTHYB.js";import"./chunk-R2IYL5RB.js";import"./chunk-KATBIRSK.js";import"./chunk-ZGL7H2KK.js";export{verifyEndpoints,verifyPublished};
