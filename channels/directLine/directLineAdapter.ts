import { Activity, CloudAdapter, ConfigurationBotFrameworkAuthentication, TurnContext } from 'botbuilder';
import { CachedConnectorsAuthentication } from '../cachedConnectors';
import { InternalCredentialsFactory } from './internalCredentials';

/**
 * The adapter for Balie's own Direct Line channel. Incoming activities were already
 * checked against a Direct Line token, so they enter without a Bot Framework JWT; replies
 * go over HTTP to Balie's own connector routes with the internal secret.
 */
export class DirectLineAdapter extends CloudAdapter {
  constructor(internalSecret: string) {
    super(new CachedConnectorsAuthentication(new ConfigurationBotFrameworkAuthentication({}, new InternalCredentialsFactory(internalSecret))));
  }

  async processDirect(activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    await this.processActivity('', activity, logic);
  }
}
