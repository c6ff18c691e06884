/** `npm run bench`: prints every figure with its ratio to a floor measured in the same run. */
import { arch, cpus, totalmem } from 'node:os';
import { benchIntake } from './intake.js';
import { benchDelivery } from './delivery.js';
import { benchOverdue } from './overdue.js';
import { benchFootprint } from './footprint.js';
import { benchMailParse } from './mail-parse.js';

const only = process.argv.slice(2);
const benches: Record<string, () => Promise<void>> = {
  intake: benchIntake,
  delivery: benchDelivery,
  overdue: benchOverdue,
  footprint: benchFootprint,
  mail: benchMailParse,
};

process.stdout.write(
  `# SellerDesk benchmarks\n${cpus().length} × ${cpus()[0]?.model ?? 'cpu'} (${arch()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`,
);
for (const [name, run] of Object.entries(benches)) {
  if (only.length && !only.includes(name)) continue;
  await run();
}
