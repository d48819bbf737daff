package io.crowsnest.gateway.api;

import java.net.URI;
import java.util.List;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;

import io.crowsnest.platform.json.ProtoJsonText;

/**
 * The gateway's JSON is the proto3 JSON form of the contract messages, with the .proto field
 * names (person_id, not personId), so that the HTTP API mirrors the gRPC contract exactly.
 */
public final class ProtoJson {

    private static final JsonFormat.Parser PARSER = JsonFormat.parser();

    private ProtoJson() {
    }

    /** The message as proto3 JSON: {@code JsonFormat}'s text, written without its printer's cost. */
    public static String print(MessageOrBuilder message) {
        try {
            return ProtoJsonText.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getDescriptorForType().getName(), e);
        }
    }

    /**
     * The message as proto3 JSON with more members after its own: {@code members} is one or more
     * {@code "name":value} pairs separated by commas. A message with no field set prints as
     * {@code {}}, which takes the members without a separating comma.
     */
    public static String printWith(MessageOrBuilder message, String members) {
        String json = print(message);
        String open = json.substring(0, json.lastIndexOf('}'));
        return open + (open.equals("{") ? "" : ",") + members + "}";
    }

    /** 200 with the message as the application/json body. */
    public static Response ok(MessageOrBuilder message) {
        return Response.ok(print(message), MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** 201 with a Location and the message as the application/json body. */
    public static Response created(URI location, MessageOrBuilder message) {
        return Response.created(location).entity(print(message)).type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * The answer of a route that creates or updates (a PUT of a team, a lead rule, a segmentation
     * system): 201 with the Location when this request created the resource, else 200.
     */
    public static Response createdOrUpdated(boolean created, URI location, MessageOrBuilder message) {
        return created ? created(location, message) : ok(message);
    }

    /**
     * Merges the request body (proto3 JSON) into {@code builder}. A blank body leaves the builder
     * as it is unless {@code required}; a body that does not parse, or names an unknown field or
     * enum value, is an InvalidRequest (400) naming the message expected.
     */
    public static <B extends Message.Builder> B parse(String body, B builder, boolean required) {
        String expected = builder.getDescriptorForType().getName();
        if (body == null || body.isBlank()) {
            if (required) {
                throw new InvalidRequest("the request body is required: a " + expected + " in proto3 JSON",
                        List.of(new Problem.Violation("body", "is required")));
            }
            return builder;
        }
        try {
            PARSER.merge(body, builder);
            return builder;
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            String why = firstLine(e);
            throw new InvalidRequest("the request body is not a valid " + expected + " in proto3 JSON: " + why,
                    List.of(new Problem.Violation("body", why)));
        }
    }

    /** The parser's explanation without the JSON library's class name and help links. */
    private static String firstLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        message = message.lines().findFirst().orElse(message).trim();
        return message.replaceFirst("^[a-z]+(\\.[a-z]+)*\\.[A-Za-z]+(Exception|Error): ", "");
    }
}
