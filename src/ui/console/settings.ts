import type { ConsoleSettings } from "./api";

/** The page's settings, written into the HTML by the gateway. */
export const settings = JSON.parse(document.getElementById("console-settings")?.textContent ?? "{}") as ConsoleSettings;
