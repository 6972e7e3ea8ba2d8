import { AddressInfo } from 'net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  readonly from: string;
  readonly to: string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly headers: Map<string, unknown>;
  readonly messageId?: string;
}

/**
 * A real SMTP server (nodemailer's smtp-server) on a random local port that keeps what it
 * receives, parsed; `failNext` makes it refuse that many messages with a temporary error.
 */
export class SmtpSink {
  readonly received: ReceivedMail[] = [];
  failNext = 0;
  private server?: SMTPServer;

  async start(): Promise<string> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          if (this.failNext > 0) {
            this.failNext--;
            return callback(Object.assign(new Error('mailbox busy, try again later'), { responseCode: 451 }));
          }
          void simpleParser(Buffer.concat(chunks)).then((mail) => {
            this.received.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
              headers: mail.headers,
              messageId: mail.messageId,
            });
            callback();
          }, callback);
        });
      },
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
