import { ServiceClientCredentials, ServiceClientCredentialsFactory } from 'botframework-connector';

type WebResource = Parameters<ServiceClientCredentials['signRequest']>[0];

/**
 * The bot talks to Balie's own Direct Line connector over HTTP like to any channel. There is
 * no Azure in between, so instead of an AAD token it presents a per-process secret that only
 * the connector routes accept.
 */
export class InternalCredentialsFactory extends ServiceClientCredentialsFactory {
  constructor(private readonly secret: string) {
    super();
  }

  async isValidAppId(): Promise<boolean> {
    return true;
  }

  /** Incoming Direct Line activities are authenticated by Balie's own tokens before they reach the adapter. */
  async isAuthenticationDisabled(): Promise<boolean> {
    return true;
  }

  async createCredentials(): Promise<ServiceClientCredentials> {
    const secret = this.secret;
    return {
      async signRequest(webResource: WebResource) {
        webResource.headers.set('authorization', `Bearer ${secret}`);
        return webResource;
      },
    };
  }
}
