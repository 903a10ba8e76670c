import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import{runCommand,runProcess}from"./chunk-Q3OD6JWA.js";import"./chunk-NCKFMBU5.js";import"./chunk-P6F5G5NC.js";var runEntry=command=>runProcess(context=>runCommand(command,context));export{runEntry};
