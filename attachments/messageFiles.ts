import { AttachmentInfo } from './customerFiles';
import { ACCEPTED_TYPES } from './fileTypes';

/**
 * The files a customer's message carries, as Balie stored them: `channelData.balie.attachments`,
 * which only the server sets (a client's own `channelData.balie` is dropped on arrival). The
 * activity's `attachments` are what Web Chat shows; this is what the transcript and the agent use.
 */
export interface CustomerFilesChannelData {
  readonly balie: { readonly attachments: readonly AttachmentInfo[] };
}

const isInfo = (value: unknown): value is AttachmentInfo => {
  const v = value as Partial<AttachmentInfo> | null;
  return (
    typeof v?.id === 'string' &&
    typeof v.name === 'string' &&
    typeof v.size === 'number' &&
    (ACCEPTED_TYPES as readonly string[]).includes(v.contentType as string)
  );
};

export function filesOf(activity: unknown): readonly AttachmentInfo[] {
  const files = (activity as { channelData?: { balie?: { attachments?: unknown } } } | null)?.channelData?.balie?.attachments;
  return Array.isArray(files) ? files.filter(isInfo).map(({ id, name, contentType, size }) => ({ id, name, contentType, size })) : [];
}
