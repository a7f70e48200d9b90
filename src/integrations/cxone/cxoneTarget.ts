import { hostname } from "node:os";
import type { CxoneConfig } from "../../platform/config/config";

/**
 * The stable id of the CXone a push is accepted for: every push record names it and a deliverer claims only pushes
 * of its own target, so gateways pointed at different CXones (production and staging, or a developer's simulator)
 * can share one graph without taking each other's pushes. Built from what identifies the tenant and the contract,
 * never from a secret: contract A is its base URL; contract B its issuer, API endpoint (when fixed) and access key
 * id (a key belongs to one tenant's user; the key's secret is never used). `CXONE_TARGET_ID` overrides it, e.g. to
 * keep a queue when the base URL is renamed.
 */
export function cxoneTargetId(config: Pick<CxoneConfig, "auth" | "delivery" | "targetId">): string {
  if (config.targetId) return config.targetId;
  const auth = config.auth;
  if (auth.mode === "client-credentials") return `${config.delivery}@${plainUrl(auth.baseUrl)}`;
  const endpoint = auth.apiEndpoint ? `@${plainUrl(auth.apiEndpoint)}` : "";
  return `${config.delivery}@${plainUrl(auth.issuer)}/${auth.accessKeyId}${endpoint}`.slice(0, 200);
}

/**
 * The zero-config simulator's target: the machine and the simulator's port. It can never equal a real CXone's id
 * (those start with the contract name), so a development gateway pointed at a shared graph never takes the pushes
 * of a configured one, nor they its.
 */
export function simulatorTargetId(port: number, host = hostname()): string {
  return `simulator@${host.replace(/[^A-Za-z0-9._-]/g, "-")}:${port}`;
}

/** Host, port and path of a URL, lower-cased host, no credentials, query or trailing slash. */
function plainUrl(text: string): string {
  const url = new URL(text);
  const path = url.pathname.replace(/\/+$/, "");
  return `${url.host.toLowerCase()}${path}`;
}
