package io.crowsnest.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

/**
 * A MongoDB wire-protocol server for machines where MongoDB cannot be installed. Services talk to
 * it with the real MongoDB Java driver. With a data file, every acknowledged write is committed to
 * the file before the reply, so data survives a crash of this process (see LocalMongoDurabilityTest).
 * The subset of MongoDB that services may rely on is written down in docs/mongodb-subset.md.
 */
public final class LocalMongo implements AutoCloseable {

    private static final Set<String> WRITE_COMMANDS = Set.of("insert", "update", "delete", "findandmodify",
            "createindexes", "dropindexes", "drop", "dropdatabase", "create", "renamecollection");

    private final MongoServer server;
    private final int port;

    private LocalMongo(MongoServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * An in-memory server, for tests and benchmarks: mongo-java-server's plain memory backend (an
     * in-memory H2 store stalls for tens of milliseconds while it commits in the background), made
     * safe under concurrency by {@link IsolatingMemoryBackend}, whose queries read through indexes
     * ({@link IndexedMemoryDatabase}) instead of reading whole collections.
     */
    public static LocalMongo inMemory(int port) {
        return bind(new MongoServer(new IsolatingMemoryBackend()), port);
    }

    /** A server whose data lives in {@code dataFile} (an H2 MVStore file) across restarts. */
    public static LocalMongo durable(Path dataFile, int port) throws java.io.IOException {
        Files.createDirectories(dataFile.toAbsolutePath().getParent());
        MVStore store = new MVStore.Builder().fileName(dataFile.toString()).open();
        return bind(new MongoServer(new CommittingH2Backend(store)), port);
    }

    private static LocalMongo bind(MongoServer server, int port) {
        server.bind("127.0.0.1", port);
        return new LocalMongo(server, server.getLocalAddress().getPort());
    }

    public int port() {
        return port;
    }

    public String connectionString() {
        return "mongodb://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.shutdown();
    }

    /**
     * H2 commits on a timer by default, which loses acknowledged writes when the process dies.
     * Committing after each write command closes that gap.
     */
    private static final class CommittingH2Backend extends H2Backend {
        CommittingH2Backend(MVStore store) {
            super(store);
        }

        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            Document result = super.handleCommand(channel, database, command, query);
            if (WRITE_COMMANDS.contains(command.toLowerCase(java.util.Locale.ROOT))) {
                commit();
            }
            return result;
        }
    }

    /**
     * The memory backend changes stored documents in place (an update adds and removes their
     * fields) and answers a read with the stored documents themselves, which are encoded onto the
     * wire after the command returned: a write on another connection meanwhile made the encoder
     * throw ConcurrentModificationException and the driver clear its pool. Here writes run alone and
     * reads together, and every answer leaves as a deep copy made under the lock, so no connection
     * ever sees a document another is changing (LocalMongoConcurrencyTest). A real MongoDB isolates
     * single-document operations the same way.
     */
    private static final class IsolatingMemoryBackend extends MemoryBackend {

        private final ReadWriteLock lock = new ReentrantReadWriteLock();

        /** Databases whose queries read through indexes, as MongoDB's do (IndexedMemoryDatabase). */
        @Override
        public MemoryDatabase openOrCreateDatabase(String databaseName) {
            return new IndexedMemoryDatabase(databaseName, getCursorRegistry());
        }

        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            Lock held = WRITE_COMMANDS.contains(command.toLowerCase(Locale.ROOT)) ? lock.writeLock() : lock.readLock();
            held.lock();
            try {
                Document result = super.handleCommand(channel, database, command, query);
                return result == null ? null : result.cloneDeeply();
            } finally {
                held.unlock();
            }
        }
    }

    /** Runs a durable server alone: {@code LocalMongo <data-file> <port>}. Used by crash tests. */
    public static void main(String[] args) throws Exception {
        LocalMongo mongo = durable(Path.of(args[0]), Integer.parseInt(args[1]));
        Runtime.getRuntime().addShutdownHook(new Thread(mongo::close));
        System.out.println("mongo ready on " + mongo.port());
        Thread.currentThread().join();
    }
}
