package dev.agentassist.neo4jlocal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * Runs Neo4j Community embedded with Bolt on 127.0.0.1 and APOC core from the plugin directory.
 *
 * <p>Arguments: {@code --data-dir DIR --port N --password PW --plugins DIR [--page-cache SIZE]
 * [--exit-with-parent true]}. The
 * password may instead come from the {@code NEO4J_LOCAL_PASSWORD} environment variable so it never
 * shows up in a process listing. Prints one line {@code NEO4J_LOCAL_READY bolt://127.0.0.1:N} once
 * Bolt accepts authenticated connections, and shuts down cleanly on SIGTERM.
 */
public final class Neo4jLocal {
    private Neo4jLocal() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Args.parse(args);
        Path dataDir = Path.of(Args.required(opts, "data-dir")).toAbsolutePath();
        int port = Integer.parseInt(Args.required(opts, "port"));
        Path plugins = Path.of(Args.required(opts, "plugins")).toAbsolutePath();
        String password = opts.getOrDefault("password", System.getenv("NEO4J_LOCAL_PASSWORD"));
        if (password == null || password.length() < 8) {
            fail("a password of at least 8 characters is required (--password or NEO4J_LOCAL_PASSWORD)");
        }
        long pageCache = ByteUnit.parse(opts.getOrDefault("page-cache", "256m"));
        Files.createDirectories(dataDir);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(dataDir)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.plugin_dir, plugins)
                .setConfig(GraphDatabaseSettings.procedure_unrestricted, java.util.List.of("apoc.*"))
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                .setConfig(GraphDatabaseSettings.logs_directory, dataDir.resolve("logs"))
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofSeconds(60))
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("NEO4J_LOCAL_STOPPING");
            dbms.shutdown();
            stopped.countDown();
        }, "neo4j-local-shutdown"));

        setPassword(dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), password);
        GraphDatabaseService neo4j = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        neo4j.executeTransactionally("RETURN 1");

        System.out.println("NEO4J_LOCAL_READY bolt://127.0.0.1:" + port);
        System.out.flush();
        if (Boolean.parseBoolean(opts.getOrDefault("exit-with-parent", "false"))) {
            exitWhenStdinCloses();
        }
        stopped.await();
    }

    /** Sets the built-in user's password; embedded transactions on the system database run unauthenticated. */
    private static void setPassword(GraphDatabaseService system, String password) {
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PLAINTEXT PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (RuntimeException e) {
            // A restart with an unchanged password is refused as "same password"; that state is what we want.
            String message = String.valueOf(e.getMessage());
            if (!message.contains("Old password and new password cannot be the same")) {
                throw e;
            }
        }
    }

    /** A parent that dies without signalling us closes our stdin; we must not outlive it as an orphan. */
    private static void exitWhenStdinCloses() {
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // drain: nothing is ever sent on stdin
                }
            } catch (java.io.IOException ignored) {
                // a broken pipe means the same as end of input
            }
            System.exit(0);
        }, "neo4j-local-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void fail(String message) {
        System.err.println("neo4j-local: " + message);
        System.exit(2);
    }
}
