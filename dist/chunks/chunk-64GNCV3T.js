import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import{runCommand,runProcess}from"./chunk-Q4BW5SS3.js";var runEntry=command=>runProcess(context=>runCommand(command,context));export{runEntry};
