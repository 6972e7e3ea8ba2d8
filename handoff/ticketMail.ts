/** One email to a customer, ready to send. */
export interface OutgoingMail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** Stable per delivery: a resend after a lost acknowledgement is recognisable as the same mail. */
  readonly messageId: string;
  readonly language: string;
}

/** Sends customers email (SMTP); `enabled` is false when no SMTP server is configured. */
export interface Mailer {
  readonly enabled: boolean;
  send(mail: OutgoingMail): Promise<void>;
}

/** The mailer when SMTP_URL is not set: email is off, and says so when asked to send. */
export const MAIL_OFF: Mailer = {
  enabled: false,
  send: async () => {
    throw new Error('email is off: SMTP_URL is not set');
  },
};
