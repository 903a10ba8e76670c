/** GitHub Actions adapter: INPUT_<NAME> (hyphen kept), GITHUB_OUTPUT, job summary, annotations, masking, groups. */
import * as core from '@actions/core';
import type { InputSpec } from './inputs.js';
import type { AnnotationProps, OutputValue, Runtime } from './runtime.js';

export function readActionInput(name: string, spec: InputSpec, env: NodeJS.ProcessEnv): string | undefined {
  // Same rule as core.getInput: spaces become underscores, hyphens are kept, upper case.
  const fromInput = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`]?.trim();
  if (fromInput) return fromInput;
  for (const alias of spec.env ?? []) if (env[alias]) return env[alias];
  return undefined;
}

export function actionsRuntime(): Runtime {
  const annotate = (props?: AnnotationProps) =>
    props ? { title: props.title, file: props.file } : undefined;
  return {
    kind: 'actions',
    debug: (m) => core.debug(m),
    info: (m) => core.info(m),
    notice: (m, p) => core.notice(m, annotate(p)),
    warning: (m, p) => core.warning(m, annotate(p)),
    error: (m, p) => core.error(m, annotate(p)),
    group: (name, fn) => core.group(name, fn),
    setOutput: (name: string, value: OutputValue) => core.setOutput(name, String(value)),
    summary: async (markdown) => {
      if (!process.env.GITHUB_STEP_SUMMARY) return;
      await core.summary.addRaw(markdown, true).write();
    },
    setSecret: (v) => core.setSecret(v),
  };
}
