package io.crowsnest.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.crowsnest.profile.v1.Profile;

/** The 360's body: a profile's JSON with the gateway's own members after it stays valid JSON, an empty profile too. */
class ProtoJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void membersFollowTheMessagesOwnAndAnEmptyMessageTakesThemWithoutAComma() throws Exception {
        String full = ProtoJson.printWith(Profile.newBuilder().setPersonId("p-1").build(), "\"value\":{\"a\":1},\"b\":2");
        assertEquals("p-1", JSON.readTree(full).get("person_id").asText());
        assertEquals(1, JSON.readTree(full).get("value").get("a").asInt());
        assertEquals(2, JSON.readTree(full).get("b").asInt());

        String empty = ProtoJson.printWith(Profile.getDefaultInstance(), "\"value_unavailable\":\"scoring answered UNAVAILABLE\"");
        assertEquals("{\"value_unavailable\":\"scoring answered UNAVAILABLE\"}", empty);
        assertEquals(1, JSON.readTree(empty).size());
    }
}
