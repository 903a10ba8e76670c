import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import{verifyEndpoints,verifyPublished}from"./chunk-EQU5N4JS.js";import"./chunk-BXN7GZAP.js";import"./chunk-O3LPMIYM.js";import"./chunk-YJ5NKAGW.js";import"./chunk-EVS6XEXS.js";import"./chunk-ZGL7H2KK.js";export{verifyEndpoints,verifyPublished};
