import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import{verifyEndpoints,verifyPublished}from"./chunk-74XUOREW.js";import"./chunk-MJSPHEGW.js";import"./chunk-FDIUUP7C.js";import"./chunk-5EDZCKED.js";import"./chunk-NDEMT3W2.js";import"./chunk-CRFONYVK.js";import"./chunk-ZGL7H2KK.js";export{verifyEndpoints,verifyPublished};
