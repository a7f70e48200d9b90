import type { CxoneConfig, GatewayConfig } from "../platform/config/config";
import { simulatorTargetId } from "../integrations/cxone/cxoneTarget";

/** What the app needs of the simulator: its address, and stopping it. */
export interface SimulatorHandle {
  url: string;
  stop(): Promise<void>;
  /** Where the agent page's helpful / not helpful buttons send answers: this gateway. */
  setFeedbackTarget(target: { graphqlUrl: string } | undefined): void;
}

/**
 * Starts the CXone simulator for zero-config development and returns a CXone target pointing at it. The simulator
 * is loaded here, on demand: the configuration never enables it in production, and the production image does not
 * contain it.
 */
export async function startSimulatorTarget(
  config: GatewayConfig,
): Promise<{ config: CxoneConfig; simulator: SimulatorHandle }> {
  const { CxoneSimulator, SIMULATOR_DEFAULTS } = loadSimulator();
  const simulator = await CxoneSimulator.start({ port: config.cxoneSimulator.port });
  return {
    simulator,
    config: {
      ...config.cxoneTuning,
      // Its own target, whatever CXONE_TARGET_ID says: a development gateway never takes a real CXone's pushes.
      targetId: simulatorTargetId(Number(new URL(simulator.url).port || 80)),
      auth: {
        mode: "client-credentials",
        baseUrl: simulator.url,
        clientId: SIMULATOR_DEFAULTS.clientId,
        clientSecret: SIMULATOR_DEFAULTS.clientSecret,
        scopes: "agentassist:interactions:write agentassist:read",
      },
    },
  };
}

/**
 * The simulator's module, loaded on first use (a CommonJS require: the gateway compiles to CommonJS, and Jest runs
 * it so). Nothing else in src/ imports the simulator, so a production image can leave it out.
 */
function loadSimulator(): typeof import("./cxone-simulator/CxoneSimulator") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("./cxone-simulator/CxoneSimulator") as typeof import("./cxone-simulator/CxoneSimulator");
}
