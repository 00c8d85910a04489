import type { ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { FakeHttpServer, type RecordedRequest } from './fake-http-server';

/**
 * Fake Microsoft Entra ID (login.microsoftonline.com) for the client-credentials grant: the tenant's OpenID
 * configuration (`GET /{tenant}/v2.0/.well-known/openid-configuration`, the document MSAL reads as
 * authorityMetadata) and the v2 token endpoint (`POST /{tenant}/oauth2/v2.0/token`, form-encoded, answering
 * `{token_type, expires_in, ext_expires_in, access_token}` or an OAuth error body such as AADSTS7000215).
 */
export class FakeEntraToken extends FakeHttpServer {
  readonly issued: string[] = [];

  constructor(
    readonly tenantId = 'contoso-tenant',
    readonly clientId = '11111111-2222-3333-4444-555555555555',
    readonly clientSecret = 'entra-client-secret-value',
  ) {
    super();
  }

  protected handle(request: RecordedRequest, response: ServerResponse): void {
    const base = `${this.url}/${this.tenantId}`;
    if (request.method === 'GET' && request.path === `/${this.tenantId}/v2.0/.well-known/openid-configuration`) {
      this.sendJson(response, 200, {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        jwks_uri: `${base}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        issuer: `${base}/v2.0`,
        request_uri_parameter_supported: false,
        userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
        http_logout_supported: true,
        frontchannel_logout_supported: true,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'tid'],
        kerberos_endpoint: `${base}/kerberos`,
        tenant_region_scope: 'EU',
        cloud_instance_name: 'microsoftonline.com',
        cloud_graph_host_name: 'graph.windows.net',
        msgraph_host: 'graph.microsoft.com',
        rbac_url: 'https://pas.windows.net',
      });
      return;
    }
    if (request.method === 'POST' && request.path === `/${this.tenantId}/oauth2/v2.0/token`) {
      const { grant_type, client_id, client_secret, scope } = request.form;
      if (grant_type !== 'client_credentials' || client_id !== this.clientId || client_secret !== this.clientSecret) {
        this.sendJson(response, 401, {
          error: 'invalid_client',
          error_description: `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.`,
          error_codes: [7000215],
          timestamp: new Date().toISOString(),
        });
        return;
      }
      if (scope !== 'https://graph.microsoft.com/.default') {
        this.sendJson(response, 400, {
          error: 'invalid_scope',
          error_description: `AADSTS1002012: bad scope ${scope}`,
        });
        return;
      }
      const token = `fake-graph-token-${randomBytes(8).toString('hex')}`;
      this.issued.push(token);
      this.sendJson(response, 200, {
        token_type: 'Bearer',
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: token,
      });
      return;
    }
    this.sendNotFound(response);
  }
}
