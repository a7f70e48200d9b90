import { decodeJwt } from "jose";
import type { Logger } from "pino";
import { z } from "zod";
import { ErrorCode } from "../../platform/errors/codes";
import { GatewayError } from "../../platform/errors/GatewayError";
import type { CxoneAuth } from "../../platform/config/config";
import type { CxoneHttp } from "./cxoneHttp";
import { deadline, requestJson } from "./requestJson";
import type { AccessGrant, CxoneAccess } from "./tokenCache";

const openidConfiguration = z.object({ token_endpoint: z.string().url() });
const tokenAnswer = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive(),
  id_token: z.string().min(1),
});
const cxoneConfiguration = z.object({ api_endpoint: z.string().url() });

/** Contract B's settings (CXONE_ISSUER, the client and the access key) and the deadline of one grant. */
export type AccessKeySettings = Omit<Extract<CxoneAuth, { mode: "access-key" }>, "mode"> & { deadlineMs: number };

/**
 * Contract B: OpenID discovery from the issuer, the password grant with a user's access key and HTTP Basic
 * client authentication, the tenant from the id_token, and the API host from cxone-configuration (unless
 * CXONE_API_ENDPOINT overrides it). Discovery answers are cached for the life of the process.
 */
export class AccessKeyGrant implements AccessGrant {
  private tokenEndpoint?: string;
  private readonly apiEndpoints = new Map<string, string>();

  constructor(
    private readonly http: CxoneHttp,
    private readonly settings: AccessKeySettings,
    private readonly logger: Logger,
  ) {}

  async fetch(): Promise<CxoneAccess & { expiresInSeconds: number }> {
    const tokenEndpoint = await this.discoverTokenEndpoint();
    const basic = Buffer.from(`${this.settings.clientId}:${this.settings.clientSecret}`).toString("base64");
    const form = new URLSearchParams({
      grant_type: "password",
      username: this.settings.accessKeyId,
      password: this.settings.accessKeySecret,
    });
    const answer = await requestJson(
      this.http,
      "token",
      {
        method: "POST",
        url: tokenEndpoint,
        headers: {
          authorization: `Basic ${basic}`,
          "content-type": "application/x-www-form-urlencoded",
          accept: "application/json",
        },
        body: form.toString(),
        ...deadline(this.settings.deadlineMs),
      },
      tokenAnswer,
      this.logger,
    );
    const apiBaseUrl = this.settings.apiEndpoint ?? (await this.discoverApiEndpoint(tenantOf(answer.id_token)));
    return { accessToken: answer.access_token, expiresInSeconds: answer.expires_in, apiBaseUrl };
  }

  private async discoverTokenEndpoint(): Promise<string> {
    if (!this.tokenEndpoint) {
      const doc = await this.getJson(`${this.settings.issuer}/.well-known/openid-configuration`, openidConfiguration);
      this.tokenEndpoint = doc.token_endpoint;
    }
    return this.tokenEndpoint;
  }

  private async discoverApiEndpoint(tenantId: string): Promise<string> {
    let endpoint = this.apiEndpoints.get(tenantId);
    if (!endpoint) {
      const url = `${this.settings.issuer}/.well-known/cxone-configuration?tenantId=${encodeURIComponent(tenantId)}`;
      endpoint = (await this.getJson(url, cxoneConfiguration)).api_endpoint.replace(/\/+$/, "");
      this.apiEndpoints.set(tenantId, endpoint);
    }
    return endpoint;
  }

  private getJson<T>(url: string, schema: z.ZodType<T>): Promise<T> {
    return requestJson(
      this.http,
      "discovery",
      { method: "GET", url, headers: { accept: "application/json" }, ...deadline(this.settings.deadlineMs) },
      schema,
      this.logger,
    );
  }
}

/**
 * The id_token comes straight from the token endpoint over the connection we opened, so (as OpenID Connect
 * allows for that case) it is decoded rather than signature-checked; only `tenantId` is read from it.
 */
function tenantOf(idToken: string): string {
  try {
    const tenantId = decodeJwt(idToken).tenantId;
    if (typeof tenantId === "string" && tenantId !== "") return tenantId;
  } catch {
    // reported below
  }
  throw new GatewayError(ErrorCode.CXONE_AUTH_FAILED, "CXone's id_token carries no tenantId.");
}
