import fc from 'fast-check';
import { describe, it } from 'vitest';
import { convergenceProperty, settingsFromEnv } from './convergence/property';

// Seeded and reproducible: a failure prints the seed and the counterexample path; replay it with
// CONVERGENCE_SEED=<seed> or `npx tsx scripts/convergence.ts --seed <seed> --path <path>`.
// CONVERGENCE_RUNS raises the number of cases (the long run is `npm run test:convergence`).
const { seed, numRuns } = settingsFromEnv(process.env);

describe('sync convergence under random edits, sync orders, network faults and server restarts', () => {
  it(
    `all replicas end equal to the server and no accepted write is lost (${numRuns} cases, seed ${seed})`,
    async () => {
      await fc.assert(convergenceProperty(), { seed, numRuns, endOnFailure: true });
    },
    30 * 60_000,
  );
});
