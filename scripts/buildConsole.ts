import { bundleConsole, CONSOLE_OUT_DIR } from "../src/ui/pages/consoleAssets";

/** Part of `npm run build`: bundles the supervisor console into dist/console/ (served by the compiled gateway). */
bundleConsole(true)
  .then(({ js }) => console.log(`console: ${Math.round(js.length / 1024)} KB of JavaScript in ${CONSOLE_OUT_DIR}`))
  .catch((error: unknown) => {
    console.error(`console build failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
