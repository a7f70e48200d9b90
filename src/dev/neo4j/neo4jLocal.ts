import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { connect } from "node:net";
import path from "node:path";
import { missingTool } from "./missingTool";
import { ensureLauncherBuilt, launcherClassPath, LAUNCHER_DIR } from "./neo4jLauncherBuild";

/** Options for a Neo4j engine the project runs itself. */
export interface LocalNeo4jOptions {
  port: number;
  dataDir: string;
  password: string;
  /** JVM heap, e.g. "1g". */
  heap?: string;
  pageCache?: string;
  /** How long to wait for the ready line. The first start creates the store and takes longest. */
  startTimeoutMs?: number;
  /** Receives the engine's output lines (for logs); by default they are dropped. */
  onOutput?: (line: string) => void;
  /** Receives a line for people while the start takes long (building the launcher, every 10 s of waiting). */
  onProgress?: (message: string) => void;
  /** Aborting stops the engine being started (and waits for it to exit, so its store lock is free). */
  signal?: AbortSignal;
}

/** A running local engine. */
export interface LocalNeo4j {
  uri: string;
  user: "neo4j";
  password: string;
  pid: number;
  /** Settles when the engine process exits, for whatever reason (a supervisor restarts it). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends SIGTERM and waits for a clean shutdown (SIGKILL after 30 s). */
  stop(): Promise<void>;
}

/** The JVM flags Neo4j's own start script passes, plus heap sized for a small machine. */
function jvmArgs(heap: string): string[] {
  return [
    `-Xms${heap}`,
    `-Xmx${heap}`,
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
  ];
}

/** Builds the launcher if needed, starts Neo4j on 127.0.0.1:`port`, and resolves once Bolt accepts logins. */
export async function startLocalNeo4j(options: LocalNeo4jOptions): Promise<LocalNeo4j> {
  if (await portInUse(options.port)) {
    throw new Error(
      `port ${options.port} (NEO4J_LOCAL_PORT) is already in use on 127.0.0.1: stop what uses it or set NEO4J_LOCAL_PORT to a free port`,
    );
  }
  await ensureLauncherBuilt(options.onOutput, options.onProgress);
  options.signal?.throwIfAborted();
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const child = spawn(
    "java",
    [
      ...jvmArgs(options.heap ?? "1g"),
      "-cp",
      launcherClassPath(),
      "dev.agentassist.neo4jlocal.Neo4jLocal",
      "--data-dir",
      dataDir,
      "--port",
      String(options.port),
      "--plugins",
      path.join(LAUNCHER_DIR, "target", "plugins"),
      "--page-cache",
      options.pageCache ?? "256m",
      "--exit-with-parent",
      "true",
    ],
    // The password travels in the environment, not argv, so `ps` never shows it.
    { env: { ...process.env, NEO4J_LOCAL_PASSWORD: options.password }, stdio: ["pipe", "pipe", "pipe"] },
  );
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const abort = () => void stopChild(child);
  options.signal?.addEventListener("abort", abort, { once: true });
  const startedAt = Date.now();
  const progress = setInterval(
    () =>
      options.onProgress?.(
        `still starting Neo4j (${Math.round((Date.now() - startedAt) / 1000)} s; a first start creates the store and takes longest)`,
      ),
    PROGRESS_EVERY_MS,
  );
  try {
    const uri = await waitForReady(child, options.startTimeoutMs ?? 180_000, options.onOutput);
    return {
      uri,
      user: "neo4j",
      password: options.password,
      pid: child.pid ?? -1,
      exited,
      stop: () => stopChild(child),
    };
  } catch (error) {
    // Whatever went wrong, the engine must not outlive this call holding the data directory's lock.
    await stopChild(child);
    throw options.signal?.aborted ? new Error("Neo4j start cancelled") : error;
  } finally {
    clearInterval(progress);
    options.signal?.removeEventListener("abort", abort);
  }
}

const PROGRESS_EVERY_MS = 10_000;

function waitForReady(child: ChildProcess, timeoutMs: number, onOutput?: (line: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const tail: string[] = [];
    const remember = (line: string) => {
      tail.push(line);
      if (tail.length > 20) tail.shift();
      onOutput?.(line);
    };
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`Neo4j did not start within ${timeoutMs} ms:\n${tail.join("\n")}`));
    }, timeoutMs);
    let buffered = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      let newline: number;
      while ((newline = buffered.indexOf("\n")) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        remember(line);
        const match = /^NEO4J_LOCAL_READY (\S+)$/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(match[1] as string);
        }
      }
    });
    child.stderr?.on("data", (chunk: Buffer) => chunk.toString("utf8").split("\n").filter(Boolean).forEach(remember));
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(
        new Error(
          (error as NodeJS.ErrnoException).code === "ENOENT"
            ? missingTool("java")
            : `Could not run java: ${error.message}`,
        ),
      );
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(
          explainExit(tail) ?? `Neo4j exited before it was ready (code ${code}, signal ${signal}):\n${tail.join("\n")}`,
        ),
      );
    });
  });
}

/** One clear line for the failures people meet, instead of a Java stack trace. */
function explainExit(tail: string[]): string | undefined {
  const text = tail.join("\n");
  const lock = /Lock file has been locked by another process: (\S+?)\/(data\/)?databases/.exec(text);
  if (lock) {
    return `the Neo4j data directory ${lock[1]} is in use by another Neo4j (is \`npm start\` already running?): stop it, or set NEO4J_LOCAL_DATA_DIR to another directory`;
  }
  if (/Address already in use|BindException/.test(text))
    return "the Bolt port (NEO4J_LOCAL_PORT) is already in use: set NEO4J_LOCAL_PORT to a free port";
  return undefined;
}

/** True when something accepts TCP connections on 127.0.0.1:`port`. */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

const stopping = new WeakMap<ChildProcess, Promise<void>>();

/** SIGTERM, SIGKILL after 30 s; resolves once the process has exited. Safe to call more than once. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  let done = stopping.get(child);
  if (!done) {
    done = new Promise((resolve) => {
      const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      child.once("exit", () => {
        clearTimeout(killer);
        resolve();
      });
      child.kill("SIGTERM");
    });
    stopping.set(child, done);
  }
  return done;
}
