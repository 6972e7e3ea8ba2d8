/** The kinds of file a customer may send: photos a browser can show, and PDF. */
export const ACCEPTED_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf'] as const;
export type AcceptedType = (typeof ACCEPTED_TYPES)[number];

const startsWith = (data: Buffer, bytes: readonly number[], at = 0) => bytes.every((byte, i) => data[at + i] === byte);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/**
 * What a file is, read from its first bytes: the name and the type the browser declares are
 * the customer's to choose, so neither decides how the file is stored or served (an HTML page
 * named photo.jpg stays refused). Undefined for anything that is not one of the accepted types.
 */
export function sniffType(data: Buffer): AcceptedType | undefined {
  if (startsWith(data, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(data, ascii('GIF87a')) || startsWith(data, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(data, ascii('RIFF')) && startsWith(data, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(data, ascii('%PDF-'))) return 'application/pdf';
  return undefined;
}

export function isImage(type: string): boolean {
  return type.startsWith('image/');
}

const EXTENSIONS: Record<AcceptedType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
};

/**
 * A file name fit to show and to put in a header: no folders, no control characters, at most
 * 120 characters; a file without a usable name is called after its type ("photo.jpg").
 */
export function cleanFileName(name: string | undefined, type: AcceptedType): string {
  const base = (name ?? '')
    .split(/[/\\]/)
    .pop()!
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .trim();
  const usable = base && base !== 'blob' && !/^\.+$/.test(base) ? base : `${isImage(type) ? 'photo' : 'document'}.${EXTENSIONS[type]}`;
  if (usable.length <= 120) return usable;
  const dot = usable.lastIndexOf('.');
  const extension = dot > 0 && usable.length - dot <= 10 ? usable.slice(dot) : '';
  return usable.slice(0, 120 - extension.length) + extension;
}

/** "1.4 MB", "230 KB": a size as people read it. */
export function readableSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
