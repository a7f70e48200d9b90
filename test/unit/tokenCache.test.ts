import { TokenCache, type AccessGrant } from "../../src/integrations/cxone/tokenCache";

class CountingGrant implements AccessGrant {
  calls = 0;
  constructor(private readonly expiresInSeconds = 3600) {}
  async fetch() {
    this.calls += 1;
    await new Promise((resolve) => setImmediate(resolve));
    return {
      accessToken: `token-${this.calls}`,
      apiBaseUrl: "https://api.test",
      expiresInSeconds: this.expiresInSeconds,
    };
  }
}

describe("TokenCache", () => {
  it("shares one refresh among concurrent callers", async () => {
    const grant = new CountingGrant();
    const cache = new TokenCache(grant, 60);
    const tokens = await Promise.all(Array.from({ length: 50 }, () => cache.get()));
    expect(new Set(tokens.map((t) => t.accessToken))).toEqual(new Set(["token-1"]));
    expect(grant.calls).toBe(1);
  });

  it("reuses the token until expires_in minus the margin", async () => {
    let clock = 0;
    const grant = new CountingGrant(3600);
    const cache = new TokenCache(grant, 60, () => clock);
    await cache.get();
    clock = (3600 - 61) * 1000;
    expect((await cache.get()).accessToken).toBe("token-1");
    clock = (3600 - 60) * 1000;
    expect((await cache.get()).accessToken).toBe("token-2");
  });

  it("uses at most half the lifetime as margin for short-lived tokens", async () => {
    let clock = 0;
    const cache = new TokenCache(new CountingGrant(10), 60, () => clock);
    await cache.get();
    clock = 4_999;
    expect((await cache.get()).accessToken).toBe("token-1");
    clock = 5_000;
    expect((await cache.get()).accessToken).toBe("token-2");
  });

  it("invalidates only the refused token", async () => {
    const cache = new TokenCache(new CountingGrant(), 60);
    const first = await cache.get();
    cache.invalidate("some-older-token");
    expect((await cache.get()).accessToken).toBe(first.accessToken);
    cache.invalidate(first.accessToken);
    expect((await cache.get()).accessToken).toBe("token-2");
  });

  it("lets the next caller retry after a failed refresh", async () => {
    let fail = true;
    const cache = new TokenCache(
      {
        fetch: async () =>
          fail ? Promise.reject(new Error("down")) : { accessToken: "ok", apiBaseUrl: "x", expiresInSeconds: 60 },
      },
      10,
    );
    await expect(cache.get()).rejects.toThrow("down");
    fail = false;
    expect((await cache.get()).accessToken).toBe("ok");
  });
});
