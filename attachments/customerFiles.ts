import { randomBytes } from 'crypto';
import { AcceptedType, cleanFileName, readableSize, sniffType } from './fileTypes';

/** A file a customer sent in a conversation, as the transcript and the agent refer to it. */
export interface AttachmentInfo {
  /** 128 random bits: the file's address for the customer is unguessable. */
  readonly id: string;
  readonly name: string;
  readonly contentType: AcceptedType;
  readonly size: number;
}

export interface StoredAttachment extends AttachmentInfo {
  readonly conversationId: string;
  readonly createdAt: string;
}

/** Where the files live: in the service's database, beside the conversation they belong to (and deleted with it). */
export interface AttachmentStore {
  save(attachment: StoredAttachment, data: Buffer): Promise<void>;
  get(id: string): Promise<{ readonly attachment: StoredAttachment; readonly data: Buffer } | undefined>;
  /** How many files a conversation holds, and their bytes together. */
  usage(conversationId: string): Promise<{ readonly files: number; readonly bytes: number }>;
}

export interface AttachmentLimits {
  /** The largest file accepted, in bytes. */
  readonly maxBytes: number;
  readonly maxFilesPerMessage: number;
  readonly maxFilesPerConversation: number;
}

export const DEFAULT_ATTACHMENT_LIMITS: AttachmentLimits = { maxBytes: 10 * 1024 * 1024, maxFilesPerMessage: 5, maxFilesPerConversation: 20 };

/** A file as it arrived, before anything is decided about it. */
export interface ReceivedFile {
  readonly name?: string;
  readonly data: Buffer;
  /** True when the upload stopped reading it at the size limit. */
  readonly truncated: boolean;
}

/** Why files were refused, with what the customer needs to send them another way. */
export type Refusal =
  | { readonly reason: 'too_large'; readonly name: string; readonly limit: string }
  | { readonly reason: 'type'; readonly name: string }
  | { readonly reason: 'empty' }
  | { readonly reason: 'too_many'; readonly limit: number }
  | { readonly reason: 'conversation_full'; readonly limit: number };

export type Acceptance = { readonly ok: true; readonly files: readonly AttachmentInfo[] } | { readonly ok: false; readonly refusal: Refusal };

/**
 * The customer's files into the conversation: only photos and PDFs (by their content, not
 * their name), within the size and count limits; all of a message's files or none.
 */
export class CustomerFiles {
  constructor(
    private readonly store: AttachmentStore,
    readonly limits: AttachmentLimits,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async accept(conversationId: string, files: readonly ReceivedFile[]): Promise<Acceptance> {
    const refusal = this.check(files);
    if (refusal) return { ok: false, refusal };
    const usage = await this.store.usage(conversationId);
    if (usage.files + files.length > this.limits.maxFilesPerConversation) {
      return { ok: false, refusal: { reason: 'conversation_full', limit: this.limits.maxFilesPerConversation } };
    }
    const createdAt = this.now().toISOString();
    const accepted: AttachmentInfo[] = [];
    for (const file of files) {
      const contentType = sniffType(file.data)!;
      const info = { id: randomBytes(16).toString('base64url'), name: cleanFileName(file.name, contentType), contentType, size: file.data.length };
      await this.store.save({ ...info, conversationId, createdAt }, file.data);
      accepted.push(info);
    }
    return { ok: true, files: accepted };
  }

  get(id: string): ReturnType<AttachmentStore['get']> {
    return /^[A-Za-z0-9_-]{22}$/.test(id) ? this.store.get(id) : Promise.resolve(undefined);
  }

  private check(files: readonly ReceivedFile[]): Refusal | undefined {
    if (files.length === 0) return { reason: 'empty' };
    if (files.length > this.limits.maxFilesPerMessage) return { reason: 'too_many', limit: this.limits.maxFilesPerMessage };
    for (const file of files) {
      const name = file.name?.trim() || 'file';
      if (file.truncated || file.data.length > this.limits.maxBytes) return { reason: 'too_large', name, limit: readableSize(this.limits.maxBytes) };
      if (file.data.length === 0) return { reason: 'empty' };
      if (!sniffType(file.data)) return { reason: 'type', name };
    }
    return undefined;
  }
}
