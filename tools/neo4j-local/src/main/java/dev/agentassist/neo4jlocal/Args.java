package dev.agentassist.neo4jlocal;

import java.util.HashMap;
import java.util.Map;

/** Parses {@code --name value} pairs; nothing more is needed by the launcher. */
final class Args {
    private Args() {}

    static Map<String, String> parse(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got: " + arg);
            }
            out.put(arg.substring(2), args[++i]);
        }
        return out;
    }

    static String required(Map<String, String> opts, String name) {
        String value = opts.get(name);
        if (value == null || value.isBlank()) {
            System.err.println("neo4j-local: missing --" + name);
            System.exit(2);
        }
        return value;
    }
}
