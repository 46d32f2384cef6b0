/**
 * In-process fan-out of conversation events to the open SSE streams. Durable history lives in
 * the store (ConversationLog); this only pushes what happens while a stream is connected.
 */
import type { WidgetMessage } from './protocol.js';

export type LiveEvent = { name: 'message'; message: WidgetMessage } | { name: 'typing'; on: boolean } | { name: 'notice'; text: string };
type Listener = (event: LiveEvent) => void;

export class LiveHub {
  private readonly listeners = new Map<string, Set<Listener>>();

  subscribe(conversationId: string, listener: Listener): () => void {
    let set = this.listeners.get(conversationId);
    if (!set) this.listeners.set(conversationId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(conversationId);
    };
  }

  publish(conversationId: string, event: LiveEvent): void {
    for (const listener of this.listeners.get(conversationId) ?? []) listener(event);
  }
}
