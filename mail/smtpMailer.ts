import { createTransport, Transporter } from 'nodemailer';

export interface SmtpMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly messageId: string;
  readonly language: string;
}

export interface SmtpMailerOptions {
  /** smtp://user:pass@host:587 (STARTTLS when the server offers it) or smtps://…:465. */
  readonly url: string;
  /** The no-reply sender, e.g. "Huisje & Co <no-reply@shop.example>". */
  readonly from: string;
  /** Gives up on a server that does not answer (the delivery is retried later). */
  readonly timeoutMs?: number;
}

/**
 * Customer email over SMTP with nodemailer: one pooled connection, a stable Message-ID per
 * delivery (a resend is recognisably the same mail), the customer's language in
 * Content-Language, and headers that keep auto-responders and bounces from answering.
 */
export class SmtpMailer {
  readonly enabled = true;
  private readonly transport: Transporter;

  constructor(private readonly options: SmtpMailerOptions) {
    const timeout = options.timeoutMs ?? 20_000;
    this.transport = createTransport({
      url: options.url,
      pool: true,
      maxConnections: 2,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    });
  }

  async send(mail: SmtpMail): Promise<void> {
    await this.transport.sendMail({
      from: this.options.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      headers: { 'Content-Language': mail.language, 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
    });
  }

  close(): void {
    this.transport.close();
  }
}
