import type { Services } from '../services.ts';

/** Placeholder until the demo data set lands. */
export async function loadDemoData(_s: Services): Promise<void> {}
