import { expect } from 'chai';
import { BusinessHours } from '../../handoff/businessHours';
import { HandoffEventType, HandoffState, InvalidTransitionError, nextState, ownerFor } from '../../handoff/stateMachine';
import { expectedWaitMinutes } from '../../handoff/waitEstimator';
import { samplePack } from '../helpers/fixtures';

describe('handoff state machine', () => {
  const valid: [HandoffState, HandoffEventType, HandoffState][] = [
    ['queued', 'accept', 'agent'],
    ['queued', 'leave', 'abandoned'],
    ['queued', 'timeout', 'abandoned'],
    ['queued', 'to_ticket', 'ticket'],
    ['agent', 'resolve', 'resolved'],
    ['ticket', 'take', 'ticket'],
    ['ticket', 'answer', 'answered'],
    ['ticket', 'close', 'closed'],
    ['answered', 'take', 'answered'],
    ['answered', 'answer', 'answered'],
    ['answered', 'reopen', 'ticket'],
    ['answered', 'close', 'closed'],
  ];
  for (const [from, event, to] of valid) it(`${from} --${event}--> ${to}`, () => expect(nextState(from, event)).to.equal(to));

  const states: HandoffState[] = ['queued', 'agent', 'ticket', 'answered', 'closed', 'resolved', 'abandoned'];
  const events: HandoffEventType[] = ['accept', 'resolve', 'leave', 'timeout', 'to_ticket', 'take', 'answer', 'reopen', 'close'];
  it('rejects every other transition', () => {
    for (const from of states) {
      for (const event of events) {
        if (valid.some(([f, e]) => f === from && e === event)) continue;
        expect(() => nextState(from, event), `${from} ${event}`).to.throw(InvalidTransitionError);
      }
    }
  });

  it('derives the owner: a person while queued or with an agent, else the bot', () => {
    expect([undefined, 'queued', 'agent', 'ticket', 'resolved', 'abandoned'].map((s) => ownerFor(s as HandoffState | undefined))).to.deep.equal([
      'bot',
      'queued',
      'agent',
      'bot',
      'bot',
      'bot',
    ]);
  });
});

describe('business hours (Europe/Amsterdam, sample pack)', () => {
  const hours = new BusinessHours(samplePack().businessHours);
  const cases: [string, boolean, string][] = [
    ['2026-11-23T08:30:00Z', true, 'Monday 09:30 in winter (UTC+1)'],
    ['2026-11-23T07:59:00Z', false, 'Monday 08:59'],
    ['2026-11-23T16:29:00Z', true, 'Monday 17:29'],
    ['2026-11-23T16:30:00Z', false, 'Monday 17:30'],
    ['2026-07-06T07:30:00Z', true, 'Monday 09:30 in summer (UTC+2)'],
    ['2026-11-28T14:30:00Z', true, 'Saturday 15:30'],
    ['2026-11-28T15:00:00Z', false, 'Saturday 16:00'],
    ['2026-11-29T11:00:00Z', false, 'Sunday'],
    ['2026-12-25T10:00:00Z', false, 'Christmas Day (a Friday, closed date)'],
  ];
  for (const [at, open, what] of cases) it(`${what}: ${open ? 'open' : 'closed'}`, () => expect(hours.isOpen(new Date(at))).to.equal(open));

  it('finds the next opening', () => {
    expect(hours.nextOpening(new Date('2026-11-28T15:30:00Z'))?.toISOString()).to.equal('2026-11-30T08:00:00.000Z');
  });

  it('can be overridden', () => {
    expect(new BusinessHours(samplePack().businessHours, 'always').isOpen(new Date('2026-11-29T11:00:00Z'))).to.equal(true);
    expect(new BusinessHours(samplePack().businessHours, 'never').isOpen(new Date('2026-11-23T10:00:00Z'))).to.equal(false);
  });
});

describe('expectedWaitMinutes', () => {
  it('uses position × average handling time ÷ agents, at least one minute', () => {
    expect(expectedWaitMinutes(3, [4, 6], 1)).to.equal(15);
    expect(expectedWaitMinutes(3, [4, 6], 2)).to.equal(8);
    expect(expectedWaitMinutes(1, [], 0)).to.equal(6);
    expect(expectedWaitMinutes(1, [0.1], 4)).to.equal(1);
  });
});
