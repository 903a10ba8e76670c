import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import{runCommand,runProcess}from"./chunk-DKZ3NWJY.js";var runEntry=command=>runProcess(context=>runCommand(command,context));export{runEntry};
