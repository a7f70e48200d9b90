import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { projectPath } from "../src/platform/paths";
import { GATEWAY_NODE_FLAGS } from "../src/platform/config/nodeFlags";
import { SIMULATOR_DEFAULTS } from "../src/dev/cxone-simulator/CxoneSimulator";

/** The environment a benchmarked gateway runs with: the bench's Neo4j, the simulator as its CXone, quiet logs. */
export function benchGatewayEnv(
  neo4j: { uri: string; password: string },
  simulatorUrl: string,
): Record<string, string> {
  return {
    NEO4J_URI: neo4j.uri,
    NEO4J_PASSWORD: neo4j.password,
    LOG_LEVEL: "warn",
    KB_SEED_WHEN_EMPTY: "false",
    CXONE_BASE_URL: simulatorUrl,
    CXONE_CLIENT_ID: SIMULATOR_DEFAULTS.clientId,
    CXONE_CLIENT_SECRET: SIMULATOR_DEFAULTS.clientSecret,
  };
}

/** A server under test, in its own process so its memory and CPU are its own. */
export class ServerProcess {
  private output = "";
  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on("data", (c: Buffer) => (this.output = (this.output + c.toString()).slice(-20_000)));
    child.stderr?.on("data", (c: Buffer) => (this.output = (this.output + c.toString()).slice(-20_000)));
  }

  /**
   * The built gateway (`node dist/src/main.js` with the production Node flags), as production would run it; `dir`: a
   * built checkout other than this one (to measure an earlier version).
   */
  static gateway(env: Record<string, string>, nodeArgs: string[] = [], dir = projectPath()): ServerProcess {
    return new ServerProcess(
      "gateway",
      spawn(process.execPath, [...GATEWAY_NODE_FLAGS, ...nodeArgs, `${dir}/dist/src/main.js`], {
        cwd: dir,
        env: { ...cleanEnv(), ...env },
        stdio: ["ignore", "pipe", "pipe"],
      }),
    );
  }

  /** The floor server. */
  static floor(env: Record<string, string>): ServerProcess {
    return new ServerProcess(
      "floor",
      spawn(projectPath("node_modules/.bin/tsx"), [projectPath("bench/floorServer.ts")], {
        env: { ...cleanEnv(), ...env },
        stdio: ["ignore", "pipe", "pipe"],
      }),
    );
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Polls `url` until it answers 200; resolves with the milliseconds that took. */
  async waitUntilReady(url: string, timeoutMs = 60_000): Promise<number> {
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      if (this.child.exitCode !== null) throw new Error(`${this.name} exited: ${this.output}`);
      try {
        const response = await fetch(url);
        if (response.ok) return Date.now() - started;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`${this.name} not ready after ${timeoutMs} ms: ${this.output}`);
  }

  /** Peak resident memory so far (VmHWM), in MB; the process tree's Node process itself for the gateway. */
  peakRssMb(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, "utf8");
    const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
    return Math.round((kb / 1024) * 10) / 10;
  }

  /** CPU time (user + system) used so far by the process and its descendants (tsx runs the floor in a child), in ms. */
  cpuMs(): number {
    const stats = new Map<number, { ppid: number; ticks: number }>();
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        // Fields after the command name (which may hold spaces): state ppid ... utime(14) stime(15).
        const text = readFileSync(`/proc/${entry}/stat`, "utf8");
        const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
        stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
      } catch {
        // the process ended while we looked
      }
    }
    let ticks = 0;
    const pending = [this.pid];
    while (pending.length > 0) {
      const pid = pending.pop()!;
      ticks += stats.get(pid)?.ticks ?? 0;
      for (const [child, stat] of stats) if (stat.ppid === pid) pending.push(child);
    }
    return ticks * 10; // USER_HZ is 100 on Linux
  }

  stop(): Promise<void> {
    if (this.child.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      this.child.once("exit", () => resolve());
      this.child.kill("SIGTERM");
    });
  }
}

/** The benchmark's processes get only what they are given, not the developer's NEO4J_/CXONE_ settings. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^(NEO4J_|CXONE_|AUTH_|KB_)/.test(key)) delete env[key];
  return env;
}
