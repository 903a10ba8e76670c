import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import{runCommand,runProcess}from"./chunk-CYE2Y3SI.js";var runEntry=command=>runProcess(context=>runCommand(command,context));export{runEntry};
