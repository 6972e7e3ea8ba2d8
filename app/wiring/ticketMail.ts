import { VisitorTokens } from '../../channels/directLine/visitorTokens';
import { WEBCHAT_CHANNEL_ID } from '../../channels/directLine/directLineConversations';
import { MAIL_OFF, Mailer } from '../../handoff/ticketMail';
import { TicketLinks } from '../../handoff/desk/ticketDeliveries';
import { SmtpMailer } from '../../mail/smtpMailer';
import { Config } from '../config';

export interface TicketMailParts {
  readonly mailer: Mailer;
  /** The signed links in ticket email: its web chat conversation (web chat tickets only), and the effort answer. */
  readonly links: TicketLinks;
  readonly close: () => void;
}

/** Email to customers about their tickets: SMTP when SMTP_URL is set, else off (the console says so). */
export function wireTicketMail(config: Config, visitors: VisitorTokens): TicketMailParts {
  const email = config.tickets.email;
  const smtp = email ? new SmtpMailer({ url: email.smtpUrl, from: email.from }) : undefined;
  const base = config.publicUrl?.replace(/\/$/, '');
  return {
    mailer: smtp ?? MAIL_OFF,
    links: {
      async chat(ticket) {
        if (ticket.channelId !== WEBCHAT_CHANNEL_ID || !base) return undefined;
        const link = await visitors.issueTicketLink({ userId: ticket.customerId, conversationId: ticket.conversationId, handoffId: ticket.id });
        return `${base}/?ticket=${encodeURIComponent(link)}`;
      },
      async effort(ticket) {
        if (!base) return undefined;
        const { customerId: userId, conversationId, id: handoffId, channelId, language } = ticket;
        const link = await visitors.issueEffortLink({ userId, conversationId, handoffId, channelId, language });
        return (score) => `${base}/effort?t=${encodeURIComponent(link)}&score=${score}`;
      },
    },
    close: () => smtp?.close(),
  };
}
