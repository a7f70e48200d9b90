import type { Logger } from "pino";
import { z } from "zod";
import type { CxoneHttp } from "./cxoneHttp";
import { deadline, requestJson } from "./requestJson";
import type { AccessGrant, CxoneAccess } from "./tokenCache";

const tokenAnswer = z.object({
  access_token: z.string().min(1),
  expires_in: z.coerce.number().positive(),
  token_type: z.string().optional(),
});

/** Contract A: `POST {baseUrl}/oauth2/token` with the client-credentials grant. */
export class ClientCredentialsGrant implements AccessGrant {
  constructor(
    private readonly http: CxoneHttp,
    private readonly settings: {
      baseUrl: string;
      clientId: string;
      clientSecret: string;
      scopes: string;
      deadlineMs: number;
    },
    private readonly logger: Logger,
  ) {}

  async fetch(): Promise<CxoneAccess & { expiresInSeconds: number }> {
    const form = new URLSearchParams({
      grant_type: "client_credentials",
      client_id: this.settings.clientId,
      client_secret: this.settings.clientSecret,
      scope: this.settings.scopes,
    });
    const answer = await requestJson(
      this.http,
      "token",
      {
        method: "POST",
        url: `${this.settings.baseUrl}/oauth2/token`,
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body: form.toString(),
        ...deadline(this.settings.deadlineMs),
      },
      tokenAnswer,
      this.logger,
    );
    return { accessToken: answer.access_token, expiresInSeconds: answer.expires_in, apiBaseUrl: this.settings.baseUrl };
  }
}
