import { z } from 'zod';
import type { Order } from './orderBackend';

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), 'must be a real date');
const text = (max: number) => z.string().trim().min(1).max(max);

/** An order as the shop's system sends it (docs/ORDER-API.md); unknown fields are ignored so shops may send more. */
export const orderSchema = z.object({
  orderNumber: text(64),
  postcode: text(16),
  status: z.enum(['processing', 'shipped', 'delivered', 'returned', 'cancelled']),
  placedOn: isoDay,
  carrier: text(100).optional(),
  trackingCode: text(100).optional(),
  trackingUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  expectedDelivery: isoDay.optional(),
  deliveredOn: isoDay.optional(),
  refund: z
    .object({
      amount: z.number().nonnegative().finite(),
      status: z.enum(['pending', 'paid']),
      expectedOn: isoDay,
    })
    .optional(),
  items: z
    .array(
      z.object({
        sku: text(100),
        name: z.union([text(200), z.object({ nl: text(200), en: text(200) })]),
        quantity: z.number().int().positive(),
        price: z.number().nonnegative().finite(),
      }),
    )
    .min(1)
    .max(200),
}) satisfies z.ZodType<Order>;

/** "items.0.name: Invalid input" for the first problem of a failed parse: what a log line needs to find the field. */
export function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}
