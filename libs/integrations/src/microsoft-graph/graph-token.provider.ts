import { ConfidentialClientApplication, type INetworkModule, type NetworkResponse } from '@azure/msal-node';
import type { HttpClient } from '../http/http.client';
import { AuthenticationError } from '../http/integration.errors';

/** The scope of an application permission on Graph (client credentials take `.default`, never named scopes). */
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/**
 * Access tokens for Graph by the client-credentials grant, through MSAL (which caches them until shortly before
 * they expire). MSAL's own discovery is replaced: the OpenID configuration of the tenant is fetched here, over
 * the platform's HTTP client (timeouts, retries), and handed to MSAL as `authorityMetadata` with the host as a
 * known authority, so MSAL asks the network for nothing but the token itself — through the same client.
 */
export class GraphTokenProvider {
  private application: Promise<ConfidentialClientApplication> | null = null;

  constructor(
    private readonly settings: { authorityHost: string; tenantId: string; clientId: string; clientSecret: string },
    private readonly http: HttpClient,
  ) {}

  /** A valid access token (cached by MSAL). Throws AuthenticationError when the credentials are refused. */
  async token(): Promise<string> {
    this.application ??= this.createApplication();
    const application = await this.application.catch((error: unknown) => {
      this.application = null;
      throw error;
    });
    const result = await application
      .acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] })
      .catch((error: unknown) => {
        throw new AuthenticationError('Microsoft Entra ID', `client credentials refused: ${(error as Error).message}`);
      });
    if (!result?.accessToken) throw new AuthenticationError('Microsoft Entra ID', 'no access token returned');
    return result.accessToken;
  }

  private async createApplication(): Promise<ConfidentialClientApplication> {
    const { authorityHost, tenantId, clientId, clientSecret } = this.settings;
    const metadataUrl = `${authorityHost}/${encodeURIComponent(tenantId)}/v2.0/.well-known/openid-configuration`;
    const metadata = await this.http.send({ url: metadataUrl });
    const host = new URL(authorityHost).host;
    return new ConfidentialClientApplication({
      auth: {
        clientId,
        clientSecret,
        // MSAL insists on an https authority; it is only a name here, since the metadata are given.
        authority: `https://${host}/${encodeURIComponent(tenantId)}`,
        knownAuthorities: [host],
        authorityMetadata: metadata.body.toString('utf8'),
      },
      system: { networkClient: this.networkClient() },
    });
  }

  /** MSAL's requests (the token POST) through the platform's HTTP client; errors come back as responses. */
  private networkClient(): INetworkModule {
    const send = async (
      method: 'GET' | 'POST',
      url: string,
      options?: { headers?: Record<string, string>; body?: string },
    ): Promise<NetworkResponse<never>> => {
      const response = await this.http.send({
        method,
        url,
        headers: options?.headers,
        body: options?.body,
        acceptStatuses: [400, 401, 403],
      });
      return {
        status: response.status,
        headers: Object.fromEntries(response.headers.entries()),
        // MSAL reads the body as the type it asked for: the token endpoint's JSON, passed on as parsed.
        body: JSON.parse(response.body.toString('utf8')) as never,
      };
    };
    return {
      sendGetRequestAsync: (url, options) => send('GET', url, options),
      sendPostRequestAsync: (url, options) => send('POST', url, options),
    };
  }
}
