import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import{verifyEndpoints,verifyPublished}from"./chunk-UM47KMBR.js";import"./chunk-YUBZEN4R.js";import"./chunk-ARFDN6C7.js";import"./chunk-FDFEXVKD.js";import"./chunk-M5Z5JUJX.js";import"./chunk-CRFONYVK.js";import"./chunk-ZGL7H2KK.js";export{verifyEndpoints,verifyPublished};
