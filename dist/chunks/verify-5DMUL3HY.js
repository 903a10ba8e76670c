import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import{verifyEndpoints,verifyPublished}from"./chunk-ZFLMMM4L.js";import"./chunk-VZ3HM2OW.js";import"./chunk-N53XTDUR.js";import"./chunk-NDHW7MQO.js";import"./chunk-N7WRWJA6.js";import"./chunk-ZGL7H2KK.js";export{verifyEndpoints,verifyPublished};
