import { loadConfig } from "../src/platform/config/config";
import { CxoneSimulator, SIMULATOR_DEFAULTS } from "../src/dev/cxone-simulator/CxoneSimulator";

/** `npm run cxone:simulator`: runs the CXone simulator alone (port CXONE_SIMULATOR_PORT, default 4010). */
async function main(): Promise<void> {
  const config = loadConfig();
  const simulator = await CxoneSimulator.start({ port: config.cxoneSimulator.port });
  // The agent page's helpful / not helpful buttons call this gateway (CXONE_SIMULATOR_GATEWAY_URL and _TOKEN).
  const gateway = config.cxoneSimulator.gatewayUrl;
  const token = config.cxoneSimulator.gatewayToken;
  if (gateway)
    simulator.setFeedbackTarget({ graphqlUrl: gateway, ...(token ? { authorization: `Bearer ${token}` } : {}) });
  console.log(`CXone simulator at ${simulator.url}
  agent page:      ${simulator.url}/  (card feedback to ${gateway ?? "nowhere: set CXONE_SIMULATOR_GATEWAY_URL=http://127.0.0.1:4000/graphql"})
  contract A:      CXONE_BASE_URL=${simulator.url} CXONE_CLIENT_ID=${SIMULATOR_DEFAULTS.clientId} CXONE_CLIENT_SECRET=${SIMULATOR_DEFAULTS.clientSecret}
  contract B:      CXONE_AUTH_MODE=access-key CXONE_ISSUER=${simulator.url} CXONE_CLIENT_ID=${SIMULATOR_DEFAULTS.clientId} CXONE_CLIENT_SECRET=${SIMULATOR_DEFAULTS.clientSecret} CXONE_ACCESS_KEY_ID=${SIMULATOR_DEFAULTS.accessKeyId} CXONE_ACCESS_KEY_SECRET=${SIMULATOR_DEFAULTS.accessKeySecret}
  control API:     GET /_control/state, POST /_control/faults {"route":"content","status":503,"times":2}, DELETE /_control/faults, POST /_control/reset
Ctrl-C stops it.`);
  const stop = () => simulator.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
