import express, { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';

/** The one error shape of the HTTP contract: `{ "error": { "code", "message" } }`. */
export function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

/** A refusal that says when to come back: 429 (or 413) with Retry-After when given, in the usual JSON error shape. */
export function sendRefusal(res: Response, refusal: { status: number; code: string; message: string; retryAfterSeconds?: number }): void {
  if (refusal.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(refusal.retryAfterSeconds));
  sendError(res, refusal.status, refusal.code, refusal.message);
}

/** A 429 with Retry-After: the caller has had its share for now. */
export function sendTooMany(res: Response, retryAfterSeconds: number, message: string): void {
  sendRefusal(res, { status: 429, code: 'too_many_requests', message, retryAfterSeconds });
}

/** "conversation.id: must not be empty" — the first problem, named by its path. */
export function describeZodError(error: z.ZodError, root = 'body'): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${[root, ...issue.path.map(String)].join('.')}: ${issue.message}`)
    .join('; ');
}

/** JSON bodies only; anything else is a 415 before it reaches a route. */
export function requireJson(): RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'POST' && req.method !== 'PUT' && req.method !== 'PATCH') return next();
    // A bare POST (a token request) has no body to type-check; browsers send it with Content-Length: 0.
    if (req.headers['content-length'] === '0') return next();
    if (req.is(['application/json', 'application/*+json']) === false) {
      return sendError(res, 415, 'unsupported_media_type', 'the body must be JSON (Content-Type: application/json)');
    }
    next();
  };
}

export function jsonBody(limit = '256kb'): RequestHandler {
  return express.json({ limit, strict: false, type: ['application/json', 'application/*+json'] });
}

/** Turns body-parser failures into 4xx JSON, and anything unexpected into a logged 500. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const e = error as { type?: string; status?: number; message?: string };
    if (res.headersSent) {
      logger.error({ err: error, path: req.path }, 'error after the response started');
      return;
    }
    switch (e.type) {
      case 'entity.parse.failed':
        return sendError(res, 400, 'invalid_json', 'the body is not valid JSON');
      case 'entity.too.large':
        return sendError(res, 413, 'payload_too_large', 'the body is too large');
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return sendError(res, 415, 'unsupported_encoding', 'the body must be UTF-8 JSON');
      case 'request.aborted':
        return sendError(res, 400, 'request_aborted', 'the request was aborted');
    }
    if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
      return sendError(res, e.status, 'bad_request', e.message ?? 'bad request');
    }
    logger.error({ err: error, path: req.path }, 'unhandled error');
    sendError(res, 500, 'internal_error', 'something went wrong on our side');
  };
}
