import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { missingTool } from "./missingTool";
import { projectPath } from "../../platform/paths";

/** The Maven project of the Java launcher that embeds Neo4j. */
export const LAUNCHER_DIR = projectPath("tools", "neo4j-local");

const SOURCES = [
  path.join(LAUNCHER_DIR, "pom.xml"),
  path.join(LAUNCHER_DIR, "src/main/java/dev/agentassist/neo4jlocal/Neo4jLocal.java"),
  path.join(LAUNCHER_DIR, "src/main/java/dev/agentassist/neo4jlocal/Args.java"),
];
const STAMP = path.join(LAUNCHER_DIR, "target/neo4j-local-1.0.0.jar");

/** The launcher's class path: its own classes and every runtime jar Maven copied. */
export function launcherClassPath(): string {
  return [path.join(LAUNCHER_DIR, "target/classes"), path.join(LAUNCHER_DIR, "target/lib/*")].join(path.delimiter);
}

/** True when the jar Maven last built is newer than every launcher source and the jar folders are filled. */
export function launcherIsBuilt(): boolean {
  if (!existsSync(STAMP)) return false;
  const plugins = path.join(LAUNCHER_DIR, "target/plugins");
  if (!existsSync(plugins) || readdirSync(plugins).filter((f) => f.endsWith(".jar")).length < 2) return false;
  const built = statSync(STAMP).mtimeMs;
  return SOURCES.every((file) => statSync(file).mtimeMs <= built);
}

/** Runs the Maven build when the launcher is missing or stale; Maven caches the Neo4j jars in ~/.m2. */
export async function ensureLauncherBuilt(
  onOutput?: (line: string) => void,
  onProgress?: (message: string) => void,
): Promise<void> {
  if (launcherIsBuilt()) return;
  const message =
    "building the Neo4j launcher with Maven: the first start downloads Neo4j from Maven Central (a few minutes)";
  onOutput?.(message);
  onProgress?.(message);
  await new Promise<void>((resolve, reject) => {
    const mvn = spawn("mvn", ["-q", "-B", "-f", path.join(LAUNCHER_DIR, "pom.xml"), "package"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const output: string[] = [];
    const collect = (chunk: Buffer) => output.push(chunk.toString("utf8"));
    mvn.stdout.on("data", collect);
    mvn.stderr.on("data", collect);
    mvn.once("error", (error) =>
      reject(
        new Error(
          (error as NodeJS.ErrnoException).code === "ENOENT"
            ? missingTool("mvn")
            : `Could not run mvn: ${error.message}`,
        ),
      ),
    );
    mvn.once("exit", (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`Maven build of the Neo4j launcher failed (${code}):\n${output.join("").slice(-4000)}`)),
    );
  });
}
