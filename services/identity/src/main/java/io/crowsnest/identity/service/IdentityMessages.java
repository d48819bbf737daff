package io.crowsnest.identity.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.MaskedIdentifier;
import io.crowsnest.identity.domain.Identifier;
import io.crowsnest.identity.domain.IdentifierType;
import io.crowsnest.identity.domain.PersonKind;
import io.crowsnest.identity.store.PersonStore;
import io.crowsnest.platform.grpc.Timestamps;
import io.crowsnest.identity.v1.IdentifierCardinality;
import io.crowsnest.identity.v1.IdentifierTypeRule;
import io.crowsnest.identity.v1.Identity;
import io.crowsnest.identity.v1.LinkedIdentifier;
import io.crowsnest.identity.v1.MergeRecord;

/**
 * Domain and stored values to identity's contract messages (masked values only, never raw ones),
 * for the use cases that answer them and the adapters.
 */
public final class IdentityMessages {

    private IdentityMessages() {
    }

    public static io.crowsnest.identity.v1.PersonKind kind(PersonKind kind) {
        return kind == PersonKind.KNOWN ? io.crowsnest.identity.v1.PersonKind.PERSON_KIND_KNOWN
                : io.crowsnest.identity.v1.PersonKind.PERSON_KIND_ANONYMOUS;
    }

    public static IdentifierCardinality cardinality(boolean unique) {
        return unique ? IdentifierCardinality.IDENTIFIER_CARDINALITY_UNIQUE
                : IdentifierCardinality.IDENTIFIER_CARDINALITY_SHAREABLE;
    }

    public static MaskedIdentifier masked(Identifier identifier) {
        return MaskedIdentifier.newBuilder().setType(identifier.type().name()).setMaskedValue(identifier.masked())
                .setNamespace(identifier.namespace()).build();
    }

    /**
     * A root's identity: its links and those of the persons merged into it (each identifier once,
     * where it was seen last), merged ids and lineage.
     */
    public static Identity identity(PersonStore.Person root, List<PersonStore.Person> mergedIn, List<MergeRecord> lineage) {
        Identity.Builder identity = Identity.newBuilder().setPersonId(root.id()).setKind(kind(root.kind()))
                .setCreatedAt(Timestamps.of(root.createdAt())).setUpdatedAt(Timestamps.of(root.updatedAt()))
                .addAllMergedPersonIds(mergedIn.stream().map(PersonStore.Person::id).toList())
                .addAllLineage(lineage);
        Map<String, LinkedIdentifier> byHash = new LinkedHashMap<>();
        List<PersonStore.Person> tree = new ArrayList<>(List.of(root));
        tree.addAll(mergedIn);
        for (PersonStore.Person member : tree) {
            for (PersonStore.Link link : member.links()) {
                LinkedIdentifier linked = LinkedIdentifier.newBuilder()
                        .setIdentifier(MaskedIdentifier.newBuilder().setType(link.type()).setMaskedValue(link.masked())
                                .setNamespace(link.namespace()))
                        .setCardinality(cardinality(link.unique()))
                        .setFirstSeenAt(Timestamps.of(link.firstSeenAt()))
                        .setLastSeenAt(Timestamps.of(link.lastSeenAt()))
                        .setLinkedViaPersonId(member == root ? "" : member.id()).build();
                byHash.merge(link.hash(), linked, (a, b) -> seconds(a) >= seconds(b) ? a : b);
            }
        }
        byHash.values().stream().sorted(Comparator.comparing(IdentityMessages::seconds).reversed())
                .forEach(identity::addIdentifiers);
        return identity.build();
    }

    private static double seconds(LinkedIdentifier l) {
        return l.getLastSeenAt().getSeconds() + l.getLastSeenAt().getNanos() / 1e9;
    }

    public static IdentifierTypeRule rule(IdentifierType type, String defaultRegion) {
        IdentifierTypeRule.Builder rule = IdentifierTypeRule.newBuilder().setType(type.name())
                .setDescription(type.description()).setCardinality(cardinality(type.unique()))
                .setMarksKnown(type.marksKnown()).setNamespaceRequired(type.namespaceRequired())
                .setNormalisation(switch (type.normalisation()) {
                    case EMAIL -> "trim, lower-case";
                    case PHONE -> "E.164 via libphonenumber, default region " + defaultRegion;
                    case TRIM -> "trim";
                }).setBuiltIn(type.builtIn());
        type.deliveryChannels().stream().sorted(Comparator.naturalOrder()).forEach(c -> rule.addDeliveryChannels(
                switch (c) {
                    case EMAIL -> Channel.CHANNEL_EMAIL;
                    case SMS -> Channel.CHANNEL_SMS;
                    case PHONE -> Channel.CHANNEL_PHONE;
                }));
        return rule.build();
    }
}
