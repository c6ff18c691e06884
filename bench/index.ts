/** `npm run bench`: prints every figure with its ratio to a floor measured in the same run. */
import { arch, cpus, totalmem } from 'node:os';
import { benchIntake } from './intake.js';
import { benchDelivery } from './delivery.js';
import { benchOverdue } from './overdue.js';
import { benchFootprint } from './footprint.js';
import { benchMailParse } from './mail-parse.js';
import { benchEmbeddedCompare } from './embedded-compare.js';

const only = process.argv.slice(2);
const benches: Record<string, () => Promise<void>> = {
  intake: benchIntake,
  delivery: benchDelivery,
  overdue: benchOverdue,
  footprint: benchFootprint,
  mail: benchMailParse,
};
// Not in the default run: it needs a checkout from before the switch (BENCH_PGLITE_CHECKOUT).
const extra: Record<string, () => Promise<void>> = { embedded: benchEmbeddedCompare };

process.stdout.write(
  `# SellerDesk benchmarks\n${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} (${arch()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`,
);
for (const [name, run] of Object.entries({ ...benches, ...extra })) {
  if (only.length ? !only.includes(name) : name in extra) continue;
  await run();
}
