import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import {
  commitIndex,
  keepBackup,
  safeRemote
} from "./chunk-NFWXATBW.js";

// src/git/publish.ts
import { existsSync } from "node:fs";
import { join } from "node:path";
var PushError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "PushError";
  }
};
var AUTH_FAILURE = /authentication failed|could not read username|permission to .* denied|returned error: 40[13]\b|invalid credentials/i;
async function publish(ws, o) {
  const maxAttempts = o.maxAttempts ?? 12;
  const random = o.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    const startRemote = await ws.remoteHead();
    const startHead = await ws.head();
    const result = await o.apply(ws.dir, attempt);
    if (existsSync(join(ws.dir, "data"))) {
      await ws.git(["add", "-A", "--", "data", ":(exclude,glob)**/.staktrakr-tmp-*"]);
    }
    const staged = (await ws.git(["diff", "--cached", "--name-only", "-z"])).stdout.split("\0").filter(Boolean);
    const commit = staged.length > 0 ? await commitIndex(ws.git, o.message(result, staged)) : void 0;
    const head = await ws.head();
    const ahead = head !== void 0 && head !== startRemote;
    if (!o.push || !ahead) {
      return { result, changed: staged, commit, pushed: false, attempts: attempt };
    }
    const push = await ws.git(
      ["push", "--quiet", "--porcelain", "--", "origin", `HEAD:refs/heads/${ws.branch}`],
      {
        okCodes: [1, 128]
      }
    );
    if (push.code === 0) {
      await ws.git(["update-ref", `refs/remotes/origin/${ws.branch}`, head]);
      o.log(`Pushed ${head.slice(0, 12)} to ${safeRemote(ws.remoteUrl)} ${ws.branch}`);
      return { result, changed: staged, commit, pushed: true, attempts: attempt };
    }
    const why = `${push.stderr}
${push.stdout}`.trim();
    if (AUTH_FAILURE.test(why)) {
      throw new PushError(
        `push to ${safeRemote(ws.remoteUrl)} was refused: check that the token may write to it (${firstLine(why)})`
      );
    }
    if (attempt >= maxAttempts) {
      throw new PushError(
        `push to ${safeRemote(ws.remoteUrl)} still rejected after ${attempt} attempts: ${firstLine(why)}`
      );
    }
    const wait = Math.round((o.backoffMs ?? 400) * 2 ** Math.min(attempt - 1, 4) * (0.5 + random()));
    o.warn(
      `Push rejected (attempt ${attempt}/${maxAttempts}: ${firstLine(why)}); re-applying on the new tip in ${wait} ms`
    );
    await o.clock.sleep(wait);
    const remote = await ws.fetch();
    if (startHead && startHead !== startRemote) {
      o.warn(`Kept earlier unpushed commits as ${await keepBackup(ws, o.clock)}`);
    }
    if (remote) await ws.git(["checkout", "--quiet", "-B", ws.branch, remote, "--"]);
  }
}
var firstLine = (s) => s.split("\n").map((l) => l.trim()).find((l) => l && !l.startsWith("To ")) ?? "no reason given";

export {
  PushError,
  AUTH_FAILURE,
  publish,
  firstLine
};
