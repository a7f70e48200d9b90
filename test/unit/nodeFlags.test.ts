import { readFileSync } from "node:fs";
import { projectPath } from "../../src/platform/paths";
import { GATEWAY_NODE_FLAGS } from "../../src/platform/config/nodeFlags";

// The benchmark measures the gateway with GATEWAY_NODE_FLAGS; production must run it the same way.
describe("the gateway's Node flags", () => {
  it("are the ones `npm start` runs the gateway with", () => {
    const { scripts } = JSON.parse(readFileSync(projectPath("package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    expect(scripts.start).toContain(`node ${GATEWAY_NODE_FLAGS.join(" ")} dist/src/main.js`);
  });

  it("are the ones the container's CMD runs the gateway with", () => {
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync(projectPath("Dockerfile"), "utf8"))?.[1];
    expect(JSON.parse(cmd ?? "[]")).toEqual(["node", ...GATEWAY_NODE_FLAGS, "dist/src/main.js"]);
  });
});
