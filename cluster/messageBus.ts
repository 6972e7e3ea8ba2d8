import { EventEmitter } from 'events';

/**
 * Publish/subscribe between the parts of the service, and between instances when there are
 * several: what one instance publishes reaches the subscribers on every instance. Messages
 * are plain JSON data.
 */
export interface MessageBus {
  /** Delivers to this instance's subscribers at once and to the other instances' soon after; never throws. */
  publish(topic: string, message: unknown): void;
  subscribe(topic: string, handler: (message: unknown) => void): () => void;
  /**
   * Called when messages from other instances may have been missed (the connection that
   * carries them was lost and is back): subscribers re-read what they show.
   */
  onResync(handler: () => void): () => void;
  close(): Promise<void>;
}

/** One process: an EventEmitter. The embedded (SQLite) service uses this. */
export class LocalMessageBus implements MessageBus {
  protected readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open console or chat stream; many may be open at once.
    this.emitter.setMaxListeners(0);
  }

  publish(topic: string, message: unknown): void {
    this.deliver(topic, message);
  }

  subscribe(topic: string, handler: (message: unknown) => void): () => void {
    this.emitter.on(`message:${topic}`, handler);
    return () => this.emitter.off(`message:${topic}`, handler);
  }

  onResync(handler: () => void): () => void {
    this.emitter.on('resync', handler);
    return () => this.emitter.off('resync', handler);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }

  /** Hands a message to this process's subscribers; one failing subscriber does not stop the others. */
  protected deliver(topic: string, message: unknown): void {
    for (const handler of this.emitter.listeners(`message:${topic}`) as ((message: unknown) => void)[]) {
      try {
        handler(message);
      } catch {
        // A subscriber's own problem (a closed socket, say); the others still get the message.
      }
    }
  }

  protected resync(): void {
    this.emitter.emit('resync');
  }
}
