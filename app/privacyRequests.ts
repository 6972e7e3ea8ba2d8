import { randomUUID } from 'crypto';
import { AuditLog } from '../agents/auditLog';
import { CustomerDataExport, CustomerDataStore, ErasureResult } from '../privacy/customerData';

/**
 * Data subject requests (AVG/GDPR articles 15 and 17): export or erase everything about one
 * customer. Each request is audited under a random reference, never the customer's id.
 */
export class PrivacyRequests {
  constructor(
    private readonly data: CustomerDataStore,
    private readonly audit: AuditLog,
    private readonly clock: () => Date = () => new Date(),
    /** Told after an erasure (the helpdesk webhook erases its copies too). */
    private readonly erased: (result: ErasureResult) => Promise<void> = async () => undefined,
  ) {}

  async export(customer: string, actor: string): Promise<{ reference: string; data?: CustomerDataExport }> {
    const reference = `privacy-${randomUUID()}`;
    const data = await this.data.export(customer, this.clock());
    await this.audit.record({
      at: this.clock().toISOString(),
      actor,
      action: 'customer.export',
      subject: reference,
      detail: `conversations=${data?.conversations.length ?? 0}`,
    });
    return { reference, data };
  }

  async erase(customer: string, actor: string): Promise<ErasureResult & { reference: string }> {
    const reference = `privacy-${randomUUID()}`;
    const result = await this.data.erase(customer);
    if (result.conversations > 0 || result.customerIds.length > 0) await this.erased(result);
    await this.audit.record({
      at: this.clock().toISOString(),
      actor,
      action: 'customer.erase',
      subject: reference,
      detail: `conversations=${result.conversations} rows=${result.rows}`,
    });
    return { reference, ...result };
  }
}
