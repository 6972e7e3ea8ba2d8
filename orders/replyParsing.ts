import { z } from 'zod';
import { OrderSystemUnavailableError } from './orderBackend';
import { firstProblem } from './orderSchema';

/** Postcodes compared as people write them: "9711 aa" is "9711AA". */
export function samePostcode(a: string, b: string): boolean {
  return a.replace(/[\s-]/g, '').toUpperCase() === b.replace(/[\s-]/g, '').toUpperCase();
}

/** Reads a body with a zod schema; a body that does not fit is the order system's failure, named by its first wrong field. */
export function parseReply<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new OrderSystemUnavailableError('invalid_response', `${what}: ${firstProblem(parsed.error)}`);
  return parsed.data;
}
