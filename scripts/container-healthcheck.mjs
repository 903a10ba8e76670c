#!/usr/bin/env node
// The image's HEALTHCHECK: checks what the container runs. Serving (SERVE=1): /healthz answers 200
// (liveness only — /health judges data freshness and must never decide a restart). Not serving: the
// daemon's heartbeat file (STAKTRAKR_HEARTBEAT_FILE) was rewritten in the last 3 minutes.
import { statSync } from 'node:fs';

const serving = /^(1|true|yes|on)$/i.test(process.env.SERVE ?? '');
if (serving) {
  const port = process.env.PORT || 8080;
  fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(8000) }).then(
    (r) => process.exit(r.ok ? 0 : 1),
    () => process.exit(1),
  );
} else {
  const file = process.env.STAKTRAKR_HEARTBEAT_FILE || '/tmp/staktrakr.heartbeat';
  try {
    const age = Date.now() - statSync(file).mtimeMs;
    if (age > 180_000) {
      console.error(`heartbeat ${file} is ${Math.round(age / 1000)} s old`);
      process.exit(1);
    }
  } catch (err) {
    console.error(`no heartbeat: ${err.message}`);
    process.exit(1);
  }
}
