import { cxoneTargetId, simulatorTargetId } from "../../src/integrations/cxone/cxoneTarget";
import { ConfigError, loadConfig } from "../../src/platform/config/config";

const contractA = {
  delivery: "content" as const,
  auth: {
    mode: "client-credentials" as const,
    baseUrl: "https://user:pw@API-EU.Example.com/agentassist/?x=1",
    clientId: "app",
    clientSecret: "s3cr3t-client",
    scopes: "x",
  },
};
const contractB = {
  delivery: "studio-signal" as const,
  auth: {
    mode: "access-key" as const,
    issuer: "https://cxone.niceincontact.com/",
    clientId: "app",
    clientSecret: "s3cr3t-client",
    accessKeyId: "AKID-TENANT-1",
    accessKeySecret: "s3cr3t-key",
  },
};

describe("CXone target ids", () => {
  it("contract A: the contract and the base URL's host and path (host lower-cased; no credentials, query or trailing slash)", () => {
    expect(cxoneTargetId(contractA)).toBe("content@api-eu.example.com/agentassist");
  });

  it("contract B: the contract, the issuer and the access key id; never a secret", () => {
    const id = cxoneTargetId(contractB);
    expect(id).toBe("studio-signal@cxone.niceincontact.com/AKID-TENANT-1");
    for (const secret of ["s3cr3t", "pw"]) expect(id).not.toContain(secret);
    expect(
      cxoneTargetId({ ...contractB, auth: { ...contractB.auth, apiEndpoint: "https://api-na1.example.com" } }),
    ).toBe("studio-signal@cxone.niceincontact.com/AKID-TENANT-1@api-na1.example.com");
  });

  it("differs between tenants, contracts and the simulator; stable for the same settings", () => {
    const ids = [
      cxoneTargetId(contractA),
      cxoneTargetId({ ...contractA, delivery: "studio-signal" }),
      cxoneTargetId({ ...contractA, auth: { ...contractA.auth, baseUrl: "https://api-na.example.com/agentassist" } }),
      cxoneTargetId(contractB),
      cxoneTargetId({ ...contractB, auth: { ...contractB.auth, accessKeyId: "AKID-TENANT-2" } }),
      simulatorTargetId(4010, "laptop"),
      simulatorTargetId(4011, "laptop"),
      simulatorTargetId(4010, "desktop"),
    ];
    expect(new Set(ids).size).toBe(ids.length);
    expect(cxoneTargetId(contractA)).toBe(cxoneTargetId(structuredClone(contractA)));
    expect(simulatorTargetId(4010, "my laptop!")).toBe("simulator@my-laptop-:4010");
  });

  it("CXONE_TARGET_ID names the target instead; it may not pose as the simulator", () => {
    expect(cxoneTargetId({ ...contractA, targetId: "prod-eu" })).toBe("prod-eu");
    expect(loadConfig({ CXONE_TARGET_ID: "prod-eu" }).cxoneTuning.targetId).toBe("prod-eu");
    expect(() => loadConfig({ CXONE_TARGET_ID: "simulator@laptop:4010" })).toThrow(ConfigError);
    expect(() => loadConfig({ CXONE_TARGET_ID: "has space" })).toThrow(/CXONE_TARGET_ID/);
  });
});
