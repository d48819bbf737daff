package io.crowsnest.scoring.domain;

import java.util.Set;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;

/**
 * The message types the segment language checks field names against: Scores (one double per score
 * name in force, so that a misspelt score is refused at save time) and Event (a retained event).
 */
final class SegmentTypes {

    static final String SCORES = "Scores";
    static final String EVENT = "Event";

    private SegmentTypes() {
    }

    static FileDescriptor build(Set<String> scoreNames) {
        DescriptorProto.Builder scores = DescriptorProto.newBuilder().setName(SCORES);
        int number = 1;
        for (String name : scoreNames) {
            scores.addField(field(name, number++, Type.TYPE_DOUBLE, null));
        }
        DescriptorProto event = DescriptorProto.newBuilder().setName(EVENT)
                .addField(field("event_type", 1, Type.TYPE_STRING, null))
                .addField(field("channel", 2, Type.TYPE_STRING, null))
                .addField(field("occurred_at", 3, Type.TYPE_MESSAGE, ".google.protobuf.Timestamp"))
                .addField(field("source", 4, Type.TYPE_STRING, null))
                .addField(field("referrer", 5, Type.TYPE_STRING, null))
                .addField(field("properties", 6, Type.TYPE_MESSAGE, ".google.protobuf.Struct"))
                .addField(field("purchase_amount_minor", 7, Type.TYPE_INT64, null))
                .build();
        FileDescriptorProto file = FileDescriptorProto.newBuilder().setName("crowsnest/scoring/segments.proto")
                .setPackage("crowsnest.scoring.segments").setSyntax("proto3")
                .addDependency("google/protobuf/timestamp.proto").addDependency("google/protobuf/struct.proto")
                .addMessageType(scores).addMessageType(event).build();
        try {
            return FileDescriptor.buildFrom(file, new FileDescriptor[] {Timestamp.getDescriptor().getFile(),
                    Struct.getDescriptor().getFile()});
        } catch (DescriptorValidationException e) {
            throw new IllegalStateException("segment variable types are invalid", e);
        }
    }

    private static FieldDescriptorProto field(String name, int number, Type type, String typeName) {
        FieldDescriptorProto.Builder f = FieldDescriptorProto.newBuilder().setName(name).setNumber(number)
                .setType(type);
        if (typeName != null) {
            f.setTypeName(typeName);
        }
        return f.build();
    }
}
