import { spawn, type ChildProcess } from "node:child_process";
import { projectPath } from "../../src/platform/paths";

const live = new Set<GatewayProcess>();

/**
 * The gateway as `npm start` runs it, in a child process of its own process group (tsx, Node and any local
 * Neo4j it starts), with the given environment. Every instance is killed, whole group, when its test file
 * ends, pass or fail, and when the test runner's process exits: no test can leave a gateway or an engine behind.
 */
export class GatewayProcess {
  output = "";
  private readonly listeners = new Set<() => void>();

  private constructor(private readonly child: ChildProcess) {
    const collect = (c: Buffer) => {
      this.output += c.toString("utf8");
      for (const listener of this.listeners) listener();
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
  }

  /**
   * Starts `src/main.ts` with tsx's loader in this Node (or `script` if given), with the environment of the test plus
   * `env`. One process, not the tsx command (a parent relaying signals to a child), so a signal reaches the gateway itself.
   */
  static start(
    env: Record<string, string>,
    script: string[] = [process.execPath, "--import", "tsx", projectPath("src/main.ts")],
  ): GatewayProcess {
    const inherited = { ...process.env };
    for (const key of Object.keys(inherited)) if (/^(NEO4J_|CXONE_|AUTH_|KB_)/.test(key)) delete inherited[key];
    const [command, ...args] = script as [string, ...string[]];
    const child = spawn(command, args, {
      cwd: projectPath(),
      env: { ...inherited, ...env },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own process group, so the whole tree can be killed at once
    });
    const gateway = new GatewayProcess(child);
    live.add(gateway);
    return gateway;
  }

  /** Kills every gateway process group still running (SIGKILL). */
  static killAll(): void {
    for (const gateway of live) gateway.kill();
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** Resolves when `pattern` appears in the output; rejects if the process exits first or time runs out. */
  waitFor(pattern: RegExp, timeoutMs = 180_000, from = 0): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = this.output.slice(from).match(pattern);
        if (match) {
          cleanup();
          resolve(match);
        }
      };
      const onExit = () => {
        check();
        cleanup();
        reject(new Error(`gateway exited before ${pattern}:\n${this.output}`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${pattern}:\n${this.output}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
        this.child.off("exit", onExit);
      };
      this.listeners.add(check);
      this.child.once("exit", onExit);
      check();
    });
  }

  /** Resolves with the exit code once the process has ended by itself. */
  waitForExit(): Promise<number | null> {
    if (this.exited) return Promise.resolve(this.child.exitCode);
    return new Promise((resolve) => this.child.once("exit", (code) => resolve(code)));
  }

  /** Sends `signal` to the gateway process and resolves with its exit code. */
  stop(signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
    if (this.exited) return Promise.resolve(this.child.exitCode);
    return new Promise((resolve) => {
      this.child.once("exit", (code) => resolve(code));
      this.child.kill(signal);
    });
  }

  /** Sends `signal` to the whole process group (as a terminal's Ctrl+C or a container stop does) and resolves with the exit code. */
  stopGroup(signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
    if (this.exited) return Promise.resolve(this.child.exitCode);
    return new Promise((resolve) => {
      this.child.once("exit", (code) => resolve(code));
      process.kill(-this.pid, signal);
    });
  }

  /** SIGKILL to the whole process group (the gateway and everything it started). */
  kill(): void {
    try {
      process.kill(-this.pid, "SIGKILL");
    } catch {
      // already gone
    }
    live.delete(this);
  }
}

// A guard on the runner: whatever happens to the test, its processes do not outlive the worker.
process.once("exit", () => GatewayProcess.killAll());
if (typeof afterAll === "function") afterAll(() => GatewayProcess.killAll());
