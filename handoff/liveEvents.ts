import { EventEmitter } from 'events';

/** What the agent console hears about, live. */
export type LiveEvent =
  | { readonly type: 'queue_changed' }
  | { readonly type: 'customer_message'; readonly conversationId: string; readonly text: string; readonly at: string }
  | { readonly type: 'agent_message'; readonly conversationId: string; readonly text: string; readonly at: string; readonly agentId: string; readonly delivered: boolean }
  | { readonly type: 'handoff_changed'; readonly conversationId: string; readonly handoffId: string; readonly state: string };

/** In-process publish/subscribe between the bot, the relay and the console streams. */
export class LiveEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open console; many agents may watch at once.
    this.emitter.setMaxListeners(0);
  }

  publish(event: LiveEvent): void {
    this.emitter.emit('event', event);
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }
}
