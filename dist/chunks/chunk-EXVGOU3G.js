import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import {
  DEFAULTS,
  octokitClient,
  parseEndpoints,
  verifyPublished
} from "./chunk-NW4GZZCI.js";
import {
  openWorkspace
} from "./chunk-NFWXATBW.js";
import {
  CommandFailure,
  InputError,
  baseUrls,
  boolean,
  identifier,
  integer,
  optional,
  optionalPath,
  refName,
  repository
} from "./chunk-CQKT3FJX.js";

// src/commands/chained-verify.ts
var verifyInputs = {
  verify: {
    description: "After pushing, check that verify-endpoints serve this commit (pages-verify).",
    default: "false",
    schema: boolean()
  },
  "verify-endpoints": {
    description: "Base URLs checked when verify is true.",
    schema: baseUrls()
  },
  "verify-timeout": {
    description: "Seconds to wait for the endpoints to serve the push.",
    default: String(DEFAULTS.timeoutSeconds),
    schema: integer(1, 3600)
  }
};
function checkVerifyInputs(inputs) {
  if (!inputs.verify) return [];
  if (inputs["verify-endpoints"].length === 0)
    throw new InputError('input "verify-endpoints" is required when verify is true');
  try {
    return parseEndpoints(inputs["verify-endpoints"]);
  } catch (err) {
    throw new InputError(err.message.replace('input "endpoints"', 'input "verify-endpoints"'));
  }
}
async function chainedVerify(inputs, checkout, rt, clock) {
  if (!inputs.verify) return;
  const endpoints = checkVerifyInputs(inputs);
  const result = await rt.group(
    "Verify the endpoints",
    () => verifyPublished(
      checkout,
      { endpoints, timeoutSeconds: inputs["verify-timeout"], token: inputs.token, maxAgeRetailMinutes: 0 },
      { clock, githubClient: octokitClient, log: (m) => rt.info(m) }
    )
  );
  await rt.summary(result.summaryMarkdown);
  if (!result.ok) throw new CommandFailure(`pushed, but not served: ${result.failures.join("; ")}`);
}

// src/commands/publishing.ts
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
var repositoryInputs = (pollerId, dryRun) => ({
  repo: {
    description: "Data repository: owner/name, https URL, local path or file:// URL.",
    env: ["API_DATA_REPO"],
    schema: repository()
  },
  branch: { description: "Branch of the data repository.", default: "main", schema: refName() },
  workdir: {
    description: "Persistent working clone (reused between runs); a temporary clone when empty.",
    env: ["API_EXPORT_DIR"],
    schema: optionalPath()
  },
  token: {
    description: "Token that may push to the repository (never written anywhere).",
    env: ["GITHUB_TOKEN"],
    secret: true,
    schema: optional()
  },
  push: { description: "Push the commit.", default: "true", schema: boolean() },
  "dry-run": { description: dryRun, default: "false", schema: boolean() },
  "git-timeout": {
    description: "Seconds any one git operation (clone, fetch, push) may take before it is stopped; git also gives up on a transfer slower than 1 kB/s for 30 s.",
    default: "600",
    schema: integer(1, 86400)
  },
  "poller-id": {
    description: "Name of this poller in commit messages.",
    default: pollerId,
    env: ["POLLER_ID"],
    schema: identifier()
  }
});
async function withWorkspace(inputs, purpose, rt, clock, fn) {
  const scratch = inputs["dry-run"] ? await mkdtemp(join(tmpdir(), "staktrakr-dry-")) : void 0;
  try {
    const ws = await rt.group(
      "Data repository",
      () => openWorkspace({
        repo: inputs.repo,
        branch: inputs.branch,
        workdir: scratch ?? inputs.workdir,
        token: inputs.token,
        pollerId: inputs["poller-id"],
        purpose,
        clock,
        log: (m) => rt.info(m),
        warn: (m) => rt.warning(m),
        lockWaitMs: 12e4,
        gitTimeoutMs: inputs["git-timeout"] * 1e3
      })
    );
    try {
      return await fn(ws);
    } finally {
      await ws.release();
    }
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}

export {
  verifyInputs,
  checkVerifyInputs,
  chainedVerify,
  repositoryInputs,
  withWorkspace
};
