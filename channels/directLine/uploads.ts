import busboy from 'busboy';
import type { Request } from 'express';
import { AttachmentLimits, ReceivedFile } from '../../attachments/customerFiles';

/** What the upload held: Web Chat's "template" activity (a part named `activity`) and the files. */
export interface Upload {
  readonly activity: unknown;
  readonly files: readonly ReceivedFile[];
}

export interface UploadError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

const ACTIVITY_PART_BYTES = 64 * 1024;

/**
 * Reads a Direct Line upload (`multipart/form-data`, as botframework-directlinejs sends it:
 * one `activity` part of type `application/vnd.microsoft.activity`, one part per file). Files
 * are read up to the size limit and marked truncated beyond it; parts beyond the file count
 * are not read. Whether the files are acceptable is decided later, on their content.
 */
export function readUpload(req: Request, limits: AttachmentLimits): Promise<Upload | UploadError> {
  const declared = Number(req.headers['content-length'] ?? 0);
  // Nothing this large can be acceptable: refused before a byte is read.
  if (declared > limits.maxFilesPerMessage * limits.maxBytes + ACTIVITY_PART_BYTES + 64 * 1024) {
    return Promise.resolve({
      status: 413,
      code: 'attachment_too_large',
      message: `the upload is larger than ${limits.maxFilesPerMessage} files of the largest size allowed`,
    });
  }
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: req.headers,
      limits: {
        fileSize: limits.maxBytes,
        files: limits.maxFilesPerMessage + 2,
        fields: 4,
        fieldSize: ACTIVITY_PART_BYTES,
        parts: limits.maxFilesPerMessage + 6,
      },
    });
  } catch {
    return Promise.resolve({
      status: 415,
      code: 'unsupported_media_type',
      message: 'an upload must be multipart/form-data with an activity part and the files',
    });
  }
  return new Promise((resolve) => {
    let activityText: string | undefined;
    let activityTooLarge = false;
    const files: ReceivedFile[] = [];
    const reading: Promise<void>[] = [];
    parser.on('field', (name, value, info) => {
      if (name !== 'activity') return;
      activityText = value;
      activityTooLarge = info.valueTruncated;
    });
    parser.on('file', (name, stream, info) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      const isActivity = name === 'activity' || info.mimeType === 'application/vnd.microsoft.activity';
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (isActivity && size > ACTIVITY_PART_BYTES) activityTooLarge = true;
        else chunks.push(chunk);
      });
      stream.on('limit', () => (truncated = true));
      reading.push(
        new Promise((done) =>
          stream.on('close', () => {
            if (isActivity) activityText = Buffer.concat(chunks).toString('utf8');
            else files.push({ name: info.filename, data: Buffer.concat(chunks), truncated });
            done();
          }),
        ),
      );
    });
    parser.on('error', (error: Error) => resolve({ status: 400, code: 'invalid_upload', message: `the upload could not be read: ${error.message}` }));
    parser.on('close', () => {
      void Promise.all(reading).then(() => {
        if (activityTooLarge)
          return resolve({ status: 413, code: 'payload_too_large', message: `the activity part is larger than ${ACTIVITY_PART_BYTES} bytes` });
        let activity: unknown = { type: 'message' };
        if (activityText !== undefined) {
          try {
            activity = JSON.parse(activityText);
          } catch {
            return resolve({ status: 400, code: 'invalid_activity', message: 'the activity part is not JSON' });
          }
        }
        resolve({ activity, files });
      });
    });
    // A client that goes away mid-upload: nothing to wait for.
    const cutOff = () => resolve({ status: 400, code: 'invalid_upload', message: 'the upload was cut off' });
    req.once('aborted', cutOff);
    req.once('error', cutOff);
    req.pipe(parser);
  });
}

export function isUploadError(value: Upload | UploadError): value is UploadError {
  return 'status' in value;
}
