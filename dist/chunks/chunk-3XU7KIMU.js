import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import{runCommand,runProcess}from"./chunk-7PARUZSS.js";var runEntry=command=>runProcess(context=>runCommand(command,context));export{runEntry};
