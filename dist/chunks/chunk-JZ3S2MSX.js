import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
function octokitClient(token,baseUrl){let octokit=import("./github-Q6AHQXJB.js").then(({getOctokit})=>getOctokit(token,{baseUrl}));return{request:async(route,params)=>(await octokit).request(route,params)}}export{octokitClient};
