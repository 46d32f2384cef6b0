/** Which rep an alert mentions: by segment, else the next one in a round-robin shared by every replica. */
import type { Lead } from '../../core/lead/model.js';
import { ConcurrencyError, type VersionedStore } from '../../core/ports/versioned-store.js';
import type { SlackRouting } from './config.js';
import { updateVersioned } from '../../core/ports/versioned-update.js';

const COUNTER_KEY = 'slack:routing:round-robin';

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
    try {
      return await updateVersioned<{ next: number }, string | null>(this.state, COUNTER_KEY, (current) => {
        const index = (current?.next ?? 0) % reps.length;
        return { result: reps[index] ?? null, write: { next: index + 1 } };
      });
    } catch (err) {
      if (!(err instanceof ConcurrencyError)) throw err;
    }
    // Heavy contention: any rep is better than no alert.
    return reps[Math.floor(Math.random() * reps.length)] ?? null;
  }
}
