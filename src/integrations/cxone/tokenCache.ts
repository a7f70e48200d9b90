/** A bearer token and the API origin it is good for. */
export interface CxoneAccess {
  accessToken: string;
  /** Base URL of the CXone API (contract A: CXONE_BASE_URL; contract B: discovered per tenant). */
  apiBaseUrl: string;
}

/** Obtains a fresh token from CXone (one grant flow per contract). */
export interface AccessGrant {
  fetch(): Promise<CxoneAccess & { expiresInSeconds: number }>;
}

/**
 * Caches the token until `expires_in` minus a safety margin (at most half the lifetime, so short-lived
 * tokens are still reused), and makes concurrent callers share one refresh.
 */
export class TokenCache {
  private cached?: { access: CxoneAccess; refreshAt: number };
  private inflight?: Promise<CxoneAccess>;
  constructor(
    private readonly grant: AccessGrant,
    private readonly marginSeconds: number,
    private readonly now: () => number = Date.now,
    private readonly onRefresh: () => void = () => undefined,
  ) {}

  /** A valid token: the cached one, the one being fetched, or a new one. */
  get(): Promise<CxoneAccess> {
    if (this.cached && this.now() < this.cached.refreshAt) return Promise.resolve(this.cached.access);
    this.inflight ??= this.refresh().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  /** Forgets `token` after CXone refused it, unless a newer one has already replaced it. */
  invalidate(token: string): void {
    if (this.cached?.access.accessToken === token) this.cached = undefined;
  }

  /** Forgets any cached token (the next caller fetches a new one). */
  clear(): void {
    this.cached = undefined;
  }

  private async refresh(): Promise<CxoneAccess> {
    this.onRefresh();
    const { expiresInSeconds, ...access } = await this.grant.fetch();
    const lifetimeMs = Math.max(0, expiresInSeconds) * 1000;
    const marginMs = Math.min(this.marginSeconds * 1000, lifetimeMs / 2);
    this.cached = { access, refreshAt: this.now() + lifetimeMs - marginMs };
    return access;
  }
}
