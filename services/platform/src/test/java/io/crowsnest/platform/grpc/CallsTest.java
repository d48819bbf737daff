package io.crowsnest.platform.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import com.mongodb.connection.ServerId;
import com.mongodb.connection.ClusterId;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/** A store that could not take a call answers UNAVAILABLE (retryable), never INTERNAL. */
class CallsTest {

    private static final ServerAddress ADDRESS = new ServerAddress("127.0.0.1", 27017);

    @Test
    void aClearedConnectionPoolIsMongodbUnavailable() {
        assertUnavailable(new MongoConnectionPoolClearedException(new ServerId(new ClusterId(), ADDRESS),
                new MongoSocketReadException("Prematurely reached end of stream", ADDRESS)), "MONGODB_UNAVAILABLE");
    }

    @Test
    void aLostOrTimedOutConnectionAndAPrimaryStepDownAreMongodbUnavailable() {
        assertUnavailable(new MongoSocketReadException("reset", ADDRESS), "MONGODB_UNAVAILABLE");
        assertUnavailable(new MongoTimeoutException("no server in 30000 ms"), "MONGODB_UNAVAILABLE");
        assertUnavailable(new MongoNotPrimaryException(BsonDocument.parse("{ok: 0, code: 10107}"), ADDRESS),
                "MONGODB_UNAVAILABLE");
    }

    @Test
    void anErrorTheDriverLabelsRetryableIsMongodbUnavailable() {
        MongoException e = new MongoException(91, "shutdown in progress");
        e.addLabel("RetryableWriteError");
        assertUnavailable(e, "MONGODB_UNAVAILABLE");
    }

    @Test
    void aStoreFailureWrappedByOurOwnCodeIsFoundInTheCauseChain() {
        assertUnavailable(new IllegalStateException("while saving", new JedisConnectionException("refused")),
                "REDIS_UNAVAILABLE");
    }

    @Test
    void aRedisStillLoadingItsDataIsRedisUnavailable() {
        assertUnavailable(new JedisDataException("LOADING Redis is loading the dataset in memory"), "REDIS_UNAVAILABLE");
    }

    @Test
    void aBugIsInternalAndAStatusStaysAsThrown() {
        assertEquals(Status.Code.INTERNAL, Calls.status(new UncheckedIOException(new IOException("disk"))).getStatus()
                .getCode());
        assertEquals(Status.Code.INTERNAL, Calls.status(new JedisDataException("WRONGTYPE Operation against a key"))
                .getStatus().getCode());
        StatusRuntimeException mine = Status.NOT_FOUND.asRuntimeException();
        assertEquals(mine, Calls.status(mine));
    }

    private static void assertUnavailable(RuntimeException e, String reason) {
        StatusRuntimeException s = Calls.status(e);
        assertEquals(Status.Code.UNAVAILABLE, s.getStatus().getCode(), s.getStatus().toString());
        try {
            assertEquals(reason, RequestChecksTest.errorInfo(s).getReason());
        } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
            throw new AssertionError(ex);
        }
    }
}
