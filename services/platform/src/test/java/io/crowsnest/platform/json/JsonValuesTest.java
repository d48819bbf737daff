package io.crowsnest.platform.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;

class JsonValuesTest {

    private static final Value NULL = Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
    private static final Value UNSET = Value.getDefaultInstance();

    /** A stand-in for JSON null that is no JSON value, as scoring's domain has one. */
    private enum Marker {
        NULL
    }

    @Test
    void everyKindReadsAsItsPlainJavaValueAndObjectsKeepTheirFieldOrder() {
        Value object = Value.newBuilder().setStructValue(Struct.newBuilder()
                .putFields("z", text("last-first")).putFields("a", number(2))
                .putFields("list", Value.newBuilder().setListValue(ListValue.newBuilder().addValues(text("x"))
                        .addValues(Value.newBuilder().setBoolValue(true))).build()))
                .build();
        Object plain = JsonValues.PLAIN.plain(object);
        assertEquals(Map.of("z", "last-first", "a", 2.0, "list", List.of("x", true)), plain);
        assertEquals(List.of("z", "a", "list"), List.copyOf(((Map<?, ?>) plain).keySet()));
        assertEquals(object, JsonValues.PLAIN.value(plain));
    }

    @Test
    void jsonNullAndAnUnsetValueReadAsTheReadersStandInsJavaNullByDefault() {
        assertNull(JsonValues.PLAIN.plain(NULL));
        assertNull(JsonValues.PLAIN.plain(UNSET));
        assertEquals("", JsonValues.nullAs("").plain(NULL));
        assertEquals("", JsonValues.nullAs("").plain(UNSET));
        JsonValues apart = JsonValues.nullAs(Marker.NULL, null);
        assertEquals(Marker.NULL, apart.plain(NULL));
        assertNull(apart.plain(UNSET));
        Map<String, Value> fields = new LinkedHashMap<>();
        fields.put("nothing", NULL);
        fields.put("unset", UNSET);
        Map<String, Object> read = apart.plain(fields);
        assertEquals(Arrays.asList(Marker.NULL, null), new java.util.ArrayList<>(read.values()));
        assertEquals(List.of("nothing", "unset"), List.copyOf(read.keySet()));
        assertEquals(Arrays.asList("", ""), JsonValues.nullAs("").plain(Value.newBuilder()
                .setListValue(ListValue.newBuilder().addValues(NULL).addValues(UNSET)).build()));
    }

    @Test
    void javaNullAndANonJsonStandInAreWrittenAsJsonNullAndAStringStandInStaysAString() {
        assertEquals(NULL, JsonValues.PLAIN.value(null));
        JsonValues apart = JsonValues.nullAs(Marker.NULL, null);
        assertEquals(NULL, apart.value(Marker.NULL));
        assertEquals(NULL, apart.value(null));
        assertEquals(text(""), JsonValues.nullAs("").value(""));
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("gone", Marker.NULL);
        object.put("none", null);
        assertEquals(Map.of("gone", NULL, "none", NULL), apart.values(object));
    }

    @Test
    void numbersOfEveryJavaTypeAreWrittenAsDoubles() {
        assertEquals(number(3), JsonValues.PLAIN.value(3));
        assertEquals(number(7), JsonValues.PLAIN.value(7L));
        assertEquals(number(2.5), JsonValues.PLAIN.value(2.5f));
    }

    @Test
    void aJavaValueThatIsNoJsonValueIsRefusedNotWrittenAsNull() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JsonValues.PLAIN.value(java.time.Instant.EPOCH));
        assertEquals("not a JSON value: java.time.Instant", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JsonValues.PLAIN.value(Marker.NULL));
        assertThrows(IllegalArgumentException.class, () -> JsonValues.nullAs("").value(List.of(new Object())));
    }

    private static Value text(String s) {
        return Value.newBuilder().setStringValue(s).build();
    }

    private static Value number(double d) {
        return Value.newBuilder().setNumberValue(d).build();
    }
}
