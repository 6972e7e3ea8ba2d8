import { MessageBus } from '../cluster/messageBus';

/** What the agent console hears about, live. */
export type LiveEvent =
  | { readonly type: 'queue_changed' }
  | { readonly type: 'customer_message'; readonly conversationId: string; readonly text: string; readonly at: string }
  /** The customer is typing (channels that say so: Web Chat, Direct Line clients), told while an agent has the conversation. */
  | { readonly type: 'customer_typing'; readonly conversationId: string; readonly at: string }
  | {
      readonly type: 'agent_message';
      readonly conversationId: string;
      readonly text: string;
      readonly at: string;
      readonly agentId: string;
      readonly delivered: boolean;
    }
  | { readonly type: 'handoff_changed'; readonly conversationId: string; readonly handoffId: string; readonly state: string };

const TOPIC = 'live';

/**
 * Publish/subscribe between the bot, the relay and the console streams, on every instance:
 * a customer message that arrives at one instance reaches an agent's console on another.
 */
export class LiveEvents {
  constructor(private readonly bus: MessageBus) {}

  publish(event: LiveEvent): void {
    this.bus.publish(TOPIC, event);
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    const unsubscribe = this.bus.subscribe(TOPIC, (message) => listener(message as LiveEvent));
    // Events from other instances may have been missed: a console re-reads its lists on queue_changed.
    const unsubscribeResync = this.bus.onResync(() => listener({ type: 'queue_changed' }));
    return () => {
      unsubscribe();
      unsubscribeResync();
    };
  }
}
