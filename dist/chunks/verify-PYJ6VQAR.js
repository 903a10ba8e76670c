import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import{verifyEndpoints,verifyPublished}from"./chunk-YPIQMYGF.js";import"./chunk-J5WGYONZ.js";import"./chunk-VYAL6S5D.js";import"./chunk-EOAM464T.js";import"./chunk-6GDBDGSQ.js";import"./chunk-RK3ZFHOE.js";import"./chunk-ZGL7H2KK.js";export{verifyEndpoints,verifyPublished};
