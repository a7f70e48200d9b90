import { spawn, type ChildProcess } from "node:child_process";
import { projectPath } from "../../src/paths";

/** The gateway as `npm start` runs it, in a child process, with the given environment. */
export class GatewayProcess {
  output = "";
  private constructor(private readonly child: ChildProcess) {
    child.stdout?.on("data", (c: Buffer) => (this.output += c.toString("utf8")));
    child.stderr?.on("data", (c: Buffer) => (this.output += c.toString("utf8")));
  }

  static start(env: Record<string, string>): GatewayProcess {
    const inherited = { ...process.env };
    for (const key of Object.keys(inherited)) if (key.startsWith("NEO4J_") || key.startsWith("CXONE_")) delete inherited[key];
    const child = spawn(projectPath("node_modules/.bin/tsx"), [projectPath("src/main.ts")], {
      cwd: projectPath(),
      env: { ...inherited, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    return new GatewayProcess(child);
  }

  /** Resolves when `pattern` appears in the output; rejects if the process exits first or time runs out. */
  waitFor(pattern: RegExp, timeoutMs = 180_000): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = this.output.match(pattern);
        if (match) {
          cleanup();
          resolve(match);
        }
      };
      const onExit = () => {
        cleanup();
        reject(new Error(`gateway exited before ${pattern}:\n${this.output}`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for ${pattern}:\n${this.output}`));
      }, timeoutMs);
      const interval = setInterval(check, 100);
      const cleanup = () => {
        clearTimeout(timer);
        clearInterval(interval);
        this.child.off("exit", onExit);
      };
      this.child.once("exit", onExit);
      check();
    });
  }

  /** Sends `signal` and resolves with the exit code. */
  stop(signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
    if (this.child.exitCode !== null) return Promise.resolve(this.child.exitCode);
    return new Promise((resolve) => {
      this.child.once("exit", (code) => resolve(code));
      this.child.kill(signal);
    });
  }
}
