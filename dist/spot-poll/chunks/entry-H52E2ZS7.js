import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import{runCommand,runProcess}from"./chunk-ZBUJ737D.js";import"./chunk-DR4BQ4OT.js";import"./chunk-P6F5G5NC.js";var runEntry=command=>runProcess(context=>runCommand(command,context));export{runEntry};
