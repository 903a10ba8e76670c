import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import{runEntry}from"./chunk-IG7HNNSS.js";import"./chunk-WL7ZO5AS.js";import"./chunk-ZGL7H2KK.js";export{runEntry};
