import { CxoneSimulator, SIMULATOR_DEFAULTS } from "./cxone-simulator/CxoneSimulator";
import type { CxoneConfig, GatewayConfig } from "../platform/config/config";

/** What the app needs of the simulator: its address, and stopping it. */
export interface SimulatorHandle {
  url: string;
  stop(): Promise<void>;
  /** Where the agent page's helpful / not helpful buttons send answers: this gateway. */
  setFeedbackTarget(target: { graphqlUrl: string } | undefined): void;
}

/**
 * Starts the CXone simulator for zero-config development and returns a CXone target pointing at it. The
 * configuration never enables it in production.
 */
export async function startSimulatorTarget(config: GatewayConfig): Promise<{ config: CxoneConfig; simulator: SimulatorHandle }> {
  const simulator = await CxoneSimulator.start({ port: config.cxoneSimulator.port });
  return {
    simulator,
    config: {
      ...config.cxoneTuning,
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
