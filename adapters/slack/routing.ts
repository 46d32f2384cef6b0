/** Which rep an alert mentions: by segment, else the next one in a round-robin shared by every replica. */
import type { Lead } from '../../bot/lead/model.js';
import { ConcurrencyError, type VersionedStore } from '../../bot/lead/versioned-store.js';
import type { SlackRouting } from './config.js';

const COUNTER_KEY = 'slack:routing:round-robin';
const MAX_CONFLICT_RETRIES = 10;

export class RepRouter {
  constructor(
    private readonly routing: SlackRouting,
    private readonly state: VersionedStore,
  ) {}

  /** Slack user id to mention, or null to alert the channel without a mention. */
  async repFor(lead: Lead): Promise<string | null> {
    if (this.routing.mode === 'none') return null;
    if (this.routing.mode === 'segment') {
      const route = this.routing.segmentRoutes.find(
        (r) => lead.segment?.[r.field]?.toLowerCase() === r.value.toLowerCase(),
      );
      if (route) return route.rep;
    }
    return this.nextInRotation();
  }

  /** A counter in the shared store (optimistic concurrency), so replicas do not all pick the same rep. */
  private async nextInRotation(): Promise<string | null> {
    const reps = this.routing.reps;
    if (reps.length === 0) return null;
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt += 1) {
      const current = await this.state.read<{ next: number }>(COUNTER_KEY);
      const index = (current?.value.next ?? 0) % reps.length;
      try {
        await this.state.write(COUNTER_KEY, { next: index + 1 }, current?.eTag ?? null);
        return reps[index] ?? null;
      } catch (err) {
        if (!(err instanceof ConcurrencyError)) throw err;
      }
    }
    // Heavy contention: any rep is better than no alert.
    return reps[Math.floor(Math.random() * reps.length)] ?? null;
  }
}
