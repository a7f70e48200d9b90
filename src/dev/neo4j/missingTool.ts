/** The one line shown when a tool the local engine needs is missing. */
export function missingTool(tool: "java" | "mvn"): string {
  const what = tool === "java" ? "Java (a JDK 17 or newer)" : "Maven (mvn)";
  const install = tool === "java" ? "apt-get install openjdk-17-jdk-headless" : "apt-get install maven";
  return `${what} was not found on PATH; the local Neo4j needs it. Install it (Debian/Ubuntu: ${install}), or set NEO4J_URI and NEO4J_PASSWORD to use a Neo4j of your own.`;
}
