/**
 * One data endpoint of the client bench in its own process, as deployed (the bench's browser and
 * the other endpoint never share its event loop). Started by scripts/bench/client.ts with an IPC
 * channel: prints nothing, sends `{ url }` once listening, then takes `{ mode }` messages (the
 * fault modes of test/peers/data-endpoints.ts) and answers each with `{ ok: true }`.
 */
import { type Mode, startEndpoint } from '../../../test/peers/data-endpoints.js';

if (!process.send) {
  console.error('client-peer/endpoint.ts is started by the client bench (npm run bench -- client)');
  process.exit(2);
}
const endpoint = await startEndpoint(1, 5, new Date(Number(process.env.BENCH_NOW)));
endpoint.latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 40);
process.on('message', (m: { mode?: Mode }) => {
  if (m.mode) endpoint.mode = m.mode;
  process.send!({ ok: true });
});
process.once('disconnect', () => {
  endpoint.close().finally(() => process.exit(0));
});
process.send({ url: endpoint.url });
