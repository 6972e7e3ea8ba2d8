import { expect } from 'chai';
import { initialsOf, toTeamsActivity } from '../../channels/teams/teamsRendering';
import { toSlackMessage } from '../../channels/slack/slackRendering';

const fromAgent = (text: string, agentName: string) => ({ type: 'message', text, channelData: { balie: { agentId: 'a1', agentName, messageId: 'm1' } } });
const systemLine = (text: string) => ({ type: 'message', text, channelData: { balie: { system: true } } });

describe("an agent's messages in Teams and Slack", () => {
  it('takes the initials of the first and last name', () => {
    expect(initialsOf('Anna de Vries')).to.equal('AV');
    expect(initialsOf('  özlem ')).to.equal('Ö');
    expect(initialsOf('')).to.equal('?');
  });

  it('leaves the bot’s own messages as they were in both channels', () => {
    const bot = { type: 'message', text: 'Je bestelling is onderweg.' };
    expect(toTeamsActivity(bot)).to.deep.equal(bot);
    expect(toSlackMessage(bot)).to.deep.equal({ text: 'Je bestelling is onderweg.' });
  });

  it('shows the agent in Teams as the head of a card, and a system line small and subtle', () => {
    const card = toTeamsActivity(fromAgent('Ik kijk even mee', 'Anna de Vries'));
    expect(card.summary).to.equal('Anna de Vries: Ik kijk even mee');
    const content = card.attachments![0].content;
    expect(content.body[0].columns[0].items[0].text).to.equal('AV');
    expect(content.body[1].inlines[0].text).to.equal('Ik kijk even mee');
    const line = toTeamsActivity(systemLine('Anna heeft het gesprek afgerond.'));
    expect(line.text).to.equal(undefined);
    expect(line.attachments![0].content.body[0].inlines[0]).to.include({ text: 'Anna heeft het gesprek afgerond.', isSubtle: true });
  });

  it('posts the agent under their own name in Slack, escaped, and a system line as a context block', () => {
    expect(toSlackMessage(fromAgent('a <b> & c', 'Anna'))).to.deep.equal({ text: 'a &lt;b&gt; &amp; c', username: 'Anna', icon_emoji: ':bust_in_silhouette:' });
    const line = toSlackMessage(systemLine('Anna neemt het over.'))!;
    expect(line.username).to.equal(undefined);
    expect(line.blocks).to.deep.equal([{ type: 'context', elements: [{ type: 'mrkdwn', text: '_Anna neemt het over._' }] }]);
  });
});
