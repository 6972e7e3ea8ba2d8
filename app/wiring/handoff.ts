import type { Logger } from 'pino';
import { AgentDirectory } from '../../agents/agentDirectory';
import { BotHandoffGateway } from '../../bots/handoffGateway';
import { ContentPack } from '../../content/contentPack';
import { BusinessHours } from '../../handoff/businessHours';
import { AgentDesk } from '../../handoff/desk/agentDesk';
import { AgentRelay } from '../../handoff/desk/agentRelay';
import { CustomerChannel } from '../../handoff/desk/customerChannel';
import { HandoffIntake } from '../../handoff/desk/handoffIntake';
import { HandoffService } from '../../handoff/handoffService';
import { LiveEvents } from '../../handoff/liveEvents';
import { NluEngine } from '../../nlu/nluEngine';
import { TicketDeliveries, TicketLinks } from '../../handoff/desk/ticketDeliveries';
import { TicketDesk } from '../../handoff/desk/ticketDesk';
import { TicketWebhook } from '../../handoff/desk/ticketWebhook';
import { Mailer } from '../../handoff/ticketMail';
import { Store } from '../../store/openStore';
import { Config } from '../config';

export interface HandoffParts {
  readonly agents: AgentDirectory;
  readonly handoffs: HandoffService;
  readonly events: LiveEvents;
  readonly relay: AgentRelay;
  readonly desk: AgentDesk;
  /** The dialogs' way to a person. */
  readonly gateway: BotHandoffGateway;
  /** Tickets, worked in writing, and what they send customers. */
  readonly tickets: TicketDesk;
  readonly ticketDeliveries: TicketDeliveries;
  readonly webhook: TicketWebhook;
}

/** The service desk: agents and presence, queue and tickets, the relay to customers, the agents' desk. */
export function wireHandoff(parts: {
  config: Config;
  store: Store;
  pack: ContentPack;
  engine: NluEngine;
  channel: CustomerChannel;
  instanceId: string;
  logger: Logger;
  now: () => Date;
  mailer: Mailer;
  /** The signed links in ticket email. */
  links: TicketLinks;
}): HandoffParts {
  const { config, store, pack, engine, channel, instanceId, logger, now } = parts;
  const events = new LiveEvents(store.bus);
  const agents = new AgentDirectory(store.agentAccounts, { clock: now, instanceId, ...config.agents });
  const hours = new BusinessHours(pack.businessHours, config.handoff.businessHours);
  const handoffs = new HandoffService({
    store: store.handoffs,
    hours,
    agentsOnline: () => agents.onlineCount(),
    clock: now,
    maxQueueMinutes: config.handoff.maxQueueMinutes,
    ticketResponseTime: pack.ticketResponseTime,
  });
  const agentName = async (agentId: string) => (await agents.get(agentId))?.name ?? '';
  const relay = new AgentRelay({
    channel,
    pack,
    handoffs,
    outbox: store.outbox,
    events,
    clock: now,
    logger,
    agentName,
    instanceId,
    claimSeconds: config.handoff.deliveryClaimSeconds,
  });
  const intake = new HandoffIntake({
    handoffs,
    hours,
    transcripts: store.transcripts,
    effortScores: store.effortScores,
    identities: store.identities,
    engine,
    pack,
    events,
    clock: now,
  });
  const ticketDeliveries = new TicketDeliveries({
    tickets: store.tickets,
    handoffs,
    channel,
    mailer: parts.mailer,
    pack,
    events,
    agentName,
    links: parts.links,
    effortScores: store.effortScores,
    instanceId,
    claimSeconds: config.handoff.deliveryClaimSeconds,
    clock: now,
    logger,
  });
  const webhook = new TicketWebhook({
    outbox: store.webhooks,
    target: config.tickets.webhook,
    clock: now,
    instanceId,
    claimSeconds: config.handoff.deliveryClaimSeconds,
    logger,
  });
  const tickets = new TicketDesk({
    handoffs,
    tickets: store.tickets,
    transcripts: store.transcripts,
    webhook,
    effortScores: store.effortScores,
    deliveries: ticketDeliveries,
    events,
    clock: now,
    agentName,
  });
  return {
    agents,
    handoffs,
    events,
    relay,
    desk: new AgentDesk({
      agents,
      handoffs,
      relay,
      transcripts: store.transcripts,
      outbox: store.outbox,
      events,
      maxConversationsPerAgent: config.handoff.maxConversationsPerAgent,
    }),
    gateway: new BotHandoffGateway(intake, store.transcripts, tickets),
    tickets,
    ticketDeliveries,
    webhook,
  };
}
