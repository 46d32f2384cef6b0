/**
 * The one shape of everything mounted on the HTTP server — Bot Framework endpoint, website channel,
 * Slack receiver, console, admin and report APIs: `mountX(server, deps)` adds its routes and returns
 * how to close it, as Bolt's receivers start and stop. The composition root keeps them in a
 * MountedParts and closes them in reverse order.
 */
export interface Mounted {
  close(): Promise<void>;
}

/** A part whose routes are all it has: nothing to close before the server itself. */
export const ROUTES_ONLY: Mounted = { close: async () => undefined };

/** The parts mounted (or started) so far; `close()` closes them last-first, each once. */
export class MountedParts {
  private parts: Mounted[] = [];

  add<M extends Mounted>(part: M): M {
    this.parts.push(part);
    return part;
  }

  async close(): Promise<void> {
    const parts = this.parts.reverse();
    this.parts = [];
    for (const part of parts) await part.close();
  }
}
