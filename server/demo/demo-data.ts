// The documented demo data set (README "Demo accounts"): the organisation, one account of every role, and four
// weeks of work orders up to the moment of loading. Everything goes through the services with the clock set to
// the moment each step happened, so the timeline, deadlines and figures are exactly what real use would leave.
import type { Services } from '../services.ts';
import { clock } from '../lib/clock.ts';
import { loadCatalogue } from './demo-catalogue.ts';
import { scenarios } from './demo-scenarios.ts';
import { Script } from './demo-story.ts';
import { everyday, today, type Demo } from './demo-tickets.ts';
import { DemoTime, Rng } from './demo-time.ts';
import { loadIntake } from './demo-intake.ts';
import { loadReviews } from './demo-reviews.ts';
import { loadTexts } from './demo-sms.ts';
import { loadDeliveries } from './demo-sms-delivery.ts';
import { loadRecordings } from './demo-recordings.ts';
import { loadUnreasonable } from './demo-unreasonable.ts';
import { loadRectificationCallbacks } from './demo-rectification-callback.ts';
import { loadAttachments } from './demo-attachments.ts';
import { loadPeers } from './demo-peers.ts';
import { loadProvinceRatings } from './demo-province-ratings.ts';
import { loadUpstream } from './demo-upstream.ts';
import { loadUpstreamFeed } from './demo-upstream-feed.ts';
import { loadPeerDeliveries } from './demo-peer-deliveries.ts';
import { loadOpen311 } from './demo-open311.ts';
import { loadLinkage } from './demo-linkage.ts';
import { loadRepeats } from './demo-repeats.ts';
import { loadSurges } from './demo-surges.ts';
import { loadAreaMap } from './demo-area-map.ts';
import { loadSurgeWarnings } from './demo-surge-warnings.ts';

export { DEMO_PASSWORD, demoAccounts } from './demo-catalogue.ts';

const SEED = 12345;

export async function loadDemoData(s: Services): Promise<void> {
  const now = clock.now();
  try {
    const rng = new Rng(SEED);
    const t = new DemoTime(await s.calendar.current(), now, rng);
    clock.set(t.setupMoment());
    const cast = await loadCatalogue(s);
    await loadPeers(s);
    await loadProvinceRatings(s);
    const d: Demo = { sc: new Script(s, cast, now), t, rng };
    scenarios(d);
    everyday(d);
    today(d);
    const steps = await d.sc.run();
    await loadIntake(s, cast, t, now);
    await loadReviews(s, cast, t);
    await loadTexts(s);
    await loadDeliveries(s, now);
    await loadRecordings(s, cast, now);
    await loadUnreasonable(s, cast, now);
    await loadRectificationCallbacks(s, cast, now);
    await loadAttachments(s, cast, now);
    await loadUpstream(s, cast, now);
    await loadUpstreamFeed(s, cast, now);
    await loadPeerDeliveries(s, now);
    await loadOpen311(s, now);
    await loadLinkage(s, cast, now);
    await loadRepeats(s, cast, now);
    await loadSurges(s, cast, now);
    await loadAreaMap(s);
    await loadSurgeWarnings(s, cast, now);
    s.logger.debug({ tickets: d.sc.stories.length, steps }, 'demo tickets written');
  } finally {
    clock.reset();
  }
}
