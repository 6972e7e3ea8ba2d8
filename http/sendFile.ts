import type { Response } from 'express';

/** Sends a stored file so that it can only ever be shown as what it is: never run as a page. */
export function sendFile(res: Response, file: { readonly name: string; readonly contentType: string; readonly size: number }, data: Buffer): void {
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Length', String(data.length));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`);
  res.setHeader('Cache-Control', 'private, max-age=3600');
  // A photo needs nothing; Chromium's PDF viewer needs to be allowed as an object.
  res.setHeader('Content-Security-Policy', file.contentType.startsWith('image/') ? "default-src 'none'; sandbox" : "default-src 'none'; object-src 'self'");
  res.end(data);
}
