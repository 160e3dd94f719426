package medkg;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Starts Neo4j Community embedded with Bolt on 127.0.0.1 and prints "BOLT bolt://127.0.0.1:PORT" once ready.
 * Usage: Launcher HOME PORT, with NEO4J_PASSWORD in the environment (not an argument, so `ps` never shows it).
 * Auth is on; the user neo4j gets that password so wrong-password paths are testable.
 * Stops cleanly on SIGTERM/SIGINT (shutdown hook).
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) throws Exception {
        String password = System.getenv("NEO4J_PASSWORD");
        if (args.length != 2 || password == null || password.length() < 8) {
            System.err.println("usage: NEO4J_PASSWORD=... Launcher HOME PORT (password of 8+ characters)");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);

        DatabaseManagementService service = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(256))
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(10))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.shutdown();
            stopped.countDown();
        }));

        try {
            // The password is set through the system database so the server never runs with the default neo4j/neo4j.
            // On a restart over the same home the password is already set, which Neo4j reports as an error.
            try {
                service.database("system").executeTransactionally(
                        "ALTER USER neo4j SET PLAINTEXT PASSWORD $pw CHANGE NOT REQUIRED",
                        java.util.Map.of("pw", password));
            } catch (RuntimeException e) {
                if (e.getMessage() == null || !e.getMessage().contains("cannot be the same")) {
                    throw e;
                }
            }
            service.database("neo4j").executeTransactionally("RETURN 1");
        } catch (RuntimeException e) {
            // Without this the JVM would stay up on Neo4j's threads and the caller would wait for a server that never comes.
            e.printStackTrace();
            service.shutdown();
            System.exit(1);
        }

        System.out.println("BOLT bolt://127.0.0.1:" + port);
        System.out.flush();
        stopped.await();
    }
}
