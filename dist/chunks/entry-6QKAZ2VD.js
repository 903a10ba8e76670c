import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import{runEntry}from"./chunk-VKH2HMQI.js";import"./chunk-TC6U5QYT.js";import"./chunk-RK3ZFHOE.js";import"./chunk-ZGL7H2KK.js";export{runEntry};
