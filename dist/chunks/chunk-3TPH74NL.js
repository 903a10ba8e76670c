import { createRequire as __staktrakrRequire } from 'node:module'; const require = __staktrakrRequire(import.meta.url);
import {
  DEFAULTS,
  endpointListSchema,
  octokitClient,
  verifyEndpoints
} from "./chunk-NW4GZZCI.js";
import {
  CommandFailure,
  baseUrl,
  clockFromEnv,
  defineCommand,
  list,
  listOf,
  number,
  optional,
  optionalPath,
  ownerName,
  path
} from "./chunk-CQKT3FJX.js";

// src/commands/pages-verify.ts
var minutes = (what, dflt) => ({
  description: `${what}; 0 skips the check.`,
  default: String(dflt),
  schema: number(0, 7 * 24 * 60)
});
var pages_verify_default = defineCommand({
  name: "pages-verify",
  description: "Check that every endpoint serves what was pushed (and how long it took) and that its spot and retail data are fresh.",
  inputs: {
    endpoints: {
      description: "Base URLs of the endpoints, comma- or newline-separated.",
      schema: list().pipe(endpointListSchema)
    },
    expect: {
      description: "What must be served: a data checkout directory or owner/name[@ref]; empty checks freshness only.",
      env: ["API_EXPORT_DIR"],
      schema: optionalPath()
    },
    paths: {
      description: "Paths to check instead of the files the last commit added or changed.",
      schema: listOf(path())
    },
    timeout: {
      description: "Seconds to wait for every endpoint to serve the expected bytes.",
      default: String(DEFAULTS.timeoutSeconds),
      schema: number(1, 6 * 3600)
    },
    interval: {
      description: "Seconds between polls.",
      default: String(DEFAULTS.intervalSeconds),
      schema: number(0.1, 600)
    },
    "max-age-spot": minutes("Minutes the newest spot entry may be old", DEFAULTS.maxAgeSpotMinutes),
    "max-age-retail": minutes(
      "Minutes the retail manifest generated_at may be old",
      DEFAULTS.maxAgeRetailMinutes
    ),
    token: {
      description: "Token that may read the repository (Pages build status, expect: owner/name@ref).",
      env: ["GITHUB_TOKEN"],
      secret: true,
      schema: optional()
    },
    repository: {
      description: "owner/name whose GitHub Pages build is checked; defaults to the repository of expect.",
      schema: ownerName().optional()
    },
    "github-api-url": {
      description: "GitHub REST API base URL (GitHub Enterprise).",
      default: DEFAULTS.githubApiUrl,
      env: ["GITHUB_API_URL"],
      schema: baseUrl()
    }
  },
  outputs: {
    ok: "true when every endpoint serves the push and is fresh.",
    report: "JSON: per endpoint, latency, paths not served and why, spot and retail ages; drift between endpoints."
  },
  async run(inputs, rt, { env }) {
    const result = await verifyEndpoints(
      {
        endpoints: inputs.endpoints,
        expect: inputs.expect,
        paths: inputs.paths,
        timeoutSeconds: inputs.timeout,
        intervalSeconds: inputs.interval,
        maxAgeSpotMinutes: inputs["max-age-spot"],
        maxAgeRetailMinutes: inputs["max-age-retail"],
        token: inputs.token,
        repository: inputs.repository,
        githubApiUrl: inputs["github-api-url"]
      },
      { clock: clockFromEnv(env), githubClient: octokitClient, log: (m) => rt.info(m) }
    );
    await rt.summary(result.summaryMarkdown);
    const outputs = { ok: result.ok, report: JSON.stringify(result.report) };
    if (result.ok) return outputs;
    for (const [name, value] of Object.entries(outputs)) rt.setOutput(name, value);
    for (const f of result.failures) rt.error(f, { title: "pages-verify endpoint failed" });
    const bad = result.report.endpoints.filter((e) => !e.ok).length;
    throw new CommandFailure(
      `${bad} of ${result.report.endpoints.length} endpoint(s) failed \u2014 ${result.failures.slice(0, 3).join("; ")}${result.failures.length > 3 ? `; and ${result.failures.length - 3} more` : ""}`
    );
  }
});

export {
  pages_verify_default
};
