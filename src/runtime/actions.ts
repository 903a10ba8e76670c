/** GitHub Actions adapter: INPUT_<NAME> (hyphen kept), GITHUB_OUTPUT, job summary, annotations, masking, groups. */
import * as core from '@actions/core';
import type { Redactor } from '../http/redact.js';
import type { InputSpec } from './inputs.js';
import type { AnnotationProps, OutputValue, Runtime } from './runtime.js';

export function readActionInput(name: string, spec: InputSpec, env: NodeJS.ProcessEnv): string | undefined {
  // Same rule as core.getInput: spaces become underscores, hyphens are kept, upper case.
  const fromInput = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`]?.trim();
  if (fromInput) return fromInput;
  for (const alias of spec.env ?? []) if (env[alias]) return env[alias];
  return undefined;
}

/** Everything written goes through the redactor too: the runner masks secrets, not URL credentials. */
export function actionsRuntime(redactor: Redactor): Runtime {
  const r = (text: string) => redactor.redact(text);
  const annotate = (props?: AnnotationProps) =>
    props ? { title: props.title && r(props.title), file: props.file } : undefined;
  return {
    kind: 'actions',
    debug: (m) => core.debug(r(m)),
    info: (m) => core.info(r(m)),
    notice: (m, p) => core.notice(r(m), annotate(p)),
    warning: (m, p) => core.warning(r(m), annotate(p)),
    error: (m, p) => core.error(r(m), annotate(p)),
    group: (name, fn) => core.group(r(name), fn),
    setOutput: (name: string, value: OutputValue) => core.setOutput(name, r(String(value))),
    summary: async (markdown) => {
      if (!process.env.GITHUB_STEP_SUMMARY) return;
      await core.summary.addRaw(r(markdown), true).write();
    },
    setSecret: (v) => {
      core.setSecret(v);
      redactor.add(v);
    },
  };
}
