import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import{runEntry}from"./chunk-WDHRNHNO.js";import"./chunk-75RZ6LXS.js";import"./chunk-CRFONYVK.js";import"./chunk-ZGL7H2KK.js";export{runEntry};
