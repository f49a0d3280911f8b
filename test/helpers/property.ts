// fast-check settings for the property and fuzz suites. FC_SEED=<n> replays a failing run (fast-check prints the
// seed and the shrunk counterexample when a property fails); FC_RUNS=<n> runs more cases locally than CI does.
import fc from 'fast-check';

// CI runs one fixed seed, so a landing is never decided by the draw; a developer's run draws a new one each time
// and explores further (FC_SEED=random in CI does the same there).
const CI_SEED = 20261205;
const seed =
  process.env.FC_SEED && process.env.FC_SEED !== 'random'
    ? Number(process.env.FC_SEED)
    : process.env.CI && process.env.FC_SEED !== 'random'
      ? CI_SEED
      : undefined;

/** Parameters of one property: CI's bounded number of runs unless FC_RUNS says otherwise, and the seed if given. */
export function runs(ciRuns: number): fc.Parameters<unknown> {
  const n = process.env.FC_RUNS ? Number(process.env.FC_RUNS) : ciRuns;
  return { numRuns: n, ...(seed !== undefined && Number.isFinite(seed) ? { seed } : {}) };
}
