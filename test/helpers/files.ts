import { PNG } from 'pngjs';
import { request } from './httpClient';

/** A real PNG photo (a red square with a darker crack), as a phone would send it. */
export function photoPng(width = 48, height = 32): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const crack = Math.abs(x - y * 1.5) < 2;
      png.data.set(crack ? [90, 20, 20, 255] : [200, 40, 40, 255], i);
    }
  }
  return PNG.sync.write(png);
}

/** The smallest PDF readers open. */
export const MINIMAL_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/MediaBox[0 0 200 200]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

export interface UploadFile {
  readonly name: string;
  readonly data: Buffer;
  readonly type: string;
}

/**
 * A Direct Line upload exactly as botframework-directlinejs sends one: multipart/form-data with
 * an `activity` part (application/vnd.microsoft.activity) and a `file` part per file.
 */
export async function uploadFiles(base: string, conversationId: string, token: string, files: readonly UploadFile[], activity: Record<string, unknown> = {}) {
  const form = new FormData();
  const template = { type: 'message', from: { id: 'client-side-id' }, channelData: { clientActivityID: `c-${Math.random()}` }, ...activity };
  form.append('activity', new Blob([JSON.stringify(template)], { type: 'application/vnd.microsoft.activity' }));
  for (const file of files) form.append('file', new Blob([file.data], { type: file.type }), file.name);
  const response = await fetch(`${base}/v3/directline/conversations/${conversationId}/upload?userId=client-side-id`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** A web chat customer with a started conversation. */
export async function webChatCustomer(base: string, locale = 'nl-NL') {
  const session = (await request(base, 'POST', '/api/webchat/token', { locale })).body as { conversationId: string; token: string };
  await request(base, 'POST', '/v3/directline/conversations', undefined, { authorization: `Bearer ${session.token}` });
  return session;
}
