package io.crowsnest.identity.mapping;

import java.util.Comparator;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.identity.domain.IdentifierType;
import io.crowsnest.identity.domain.Identity;
import io.crowsnest.identity.domain.IdentityChange;
import io.crowsnest.identity.domain.MaskedIdentifier;
import io.crowsnest.identity.domain.Merge;
import io.crowsnest.identity.domain.PersonKind;
import io.crowsnest.identity.domain.Reason;
import io.crowsnest.identity.service.DeliveryAddressService;
import io.crowsnest.identity.service.IdentityQueries;
import io.crowsnest.identity.service.LinkPersonsService;
import io.crowsnest.identity.service.Resolution;
import io.crowsnest.identity.service.UnmergePersonsService;
import io.crowsnest.identity.v1.DeliveryAddress;
import io.crowsnest.identity.v1.GetDeliveryAddressesResponse;
import io.crowsnest.identity.v1.IdentifierCardinality;
import io.crowsnest.identity.v1.IdentifierLinkStatus;
import io.crowsnest.identity.v1.IdentifierTypeRule;
import io.crowsnest.identity.v1.IdentityChangeType;
import io.crowsnest.identity.v1.LinkPersonsResponse;
import io.crowsnest.identity.v1.LinkedIdentifier;
import io.crowsnest.identity.v1.LookupPersonResponse;
import io.crowsnest.identity.v1.MergeRecord;
import io.crowsnest.identity.v1.MergeTrigger;
import io.crowsnest.identity.v1.PersonForgotten;
import io.crowsnest.identity.v1.PersonsMerged;
import io.crowsnest.identity.v1.PersonsUnmerged;
import io.crowsnest.identity.v1.ResolvePersonResponse;
import io.crowsnest.identity.v1.ResolvedIdentifier;
import io.crowsnest.identity.v1.UnmergePersonsResponse;
import io.crowsnest.identity.v1.UnmergeRecord;
import io.crowsnest.platform.grpc.Timestamps;

/**
 * Identity's domain records and use-case answers to the contract's messages and back: the one
 * place that knows both. Only masked identifiers leave this way, never raw ones (delivery
 * addresses excepted, which their RPC exists for).
 */
public final class IdentityMapping {

    private IdentityMapping() {
    }

    public static io.crowsnest.identity.v1.PersonKind kind(PersonKind kind) {
        return kind == PersonKind.KNOWN ? io.crowsnest.identity.v1.PersonKind.PERSON_KIND_KNOWN
                : io.crowsnest.identity.v1.PersonKind.PERSON_KIND_ANONYMOUS;
    }

    public static IdentifierCardinality cardinality(boolean unique) {
        return unique ? IdentifierCardinality.IDENTIFIER_CARDINALITY_UNIQUE
                : IdentifierCardinality.IDENTIFIER_CARDINALITY_SHAREABLE;
    }

    public static io.crowsnest.common.v1.MaskedIdentifier masked(MaskedIdentifier id) {
        return io.crowsnest.common.v1.MaskedIdentifier.newBuilder().setType(id.type())
                .setMaskedValue(id.maskedValue()).setNamespace(id.namespace()).build();
    }

    public static MaskedIdentifier masked(io.crowsnest.common.v1.MaskedIdentifier id) {
        return new MaskedIdentifier(id.getType(), id.getMaskedValue(), id.getNamespace());
    }

    public static io.crowsnest.common.v1.Reason reason(Reason reason) {
        return io.crowsnest.common.v1.Reason.newBuilder().setCode(reason.code()).setMessage(reason.message())
                .putAllFigures(reason.figures()).build();
    }

    public static Reason reason(io.crowsnest.common.v1.Reason reason) {
        return new Reason(reason.getCode(), reason.getMessage(), reason.getFiguresMap());
    }

    public static MergeTrigger trigger(Merge.Trigger trigger) {
        return trigger == Merge.Trigger.LINK ? MergeTrigger.MERGE_TRIGGER_LINK : MergeTrigger.MERGE_TRIGGER_RESOLVE;
    }

    public static Merge.Trigger trigger(MergeTrigger trigger) {
        return switch (trigger) {
            case MERGE_TRIGGER_LINK -> Merge.Trigger.LINK;
            case MERGE_TRIGGER_RESOLVE -> Merge.Trigger.RESOLVE;
            default -> throw new IllegalArgumentException("a merge record has no trigger");
        };
    }

    public static MergeRecord merge(Merge m) {
        MergeRecord.Builder record = MergeRecord.newBuilder().setMergeId(m.mergeId())
                .setSurvivorPersonId(m.survivorPersonId()).setMergedPersonId(m.mergedPersonId())
                .setMergedAt(Timestamps.of(m.mergedAt())).setTrigger(trigger(m.trigger()))
                .setRequestingSystem(m.requestingSystem()).setRequestId(m.requestId())
                .addAllMovedIdentifiers(m.movedIdentifiers().stream().map(IdentityMapping::masked).toList())
                .setChangeOffset(m.changeOffset());
        if (m.reason() != null) {
            record.setReason(reason(m.reason()));
        }
        if (m.unmerge() != null) {
            Merge.Unmerge u = m.unmerge();
            UnmergeRecord.Builder unmerge = UnmergeRecord.newBuilder().setUnmergedAt(Timestamps.of(u.unmergedAt()))
                    .setRequestingSystem(u.requestingSystem()).setRequestId(u.requestId())
                    .setChangeOffset(u.changeOffset());
            if (u.reason() != null) {
                unmerge.setReason(reason(u.reason()));
            }
            record.setUnmerge(unmerge);
        }
        return record.build();
    }

    public static Merge merge(MergeRecord r) {
        Merge.Unmerge unmerge = null;
        if (r.hasUnmerge()) {
            UnmergeRecord u = r.getUnmerge();
            unmerge = new Merge.Unmerge(Timestamps.instant(u.getUnmergedAt()),
                    u.hasReason() ? reason(u.getReason()) : null, u.getRequestingSystem(), u.getRequestId(),
                    u.getChangeOffset());
        }
        return new Merge(r.getMergeId(), r.getSurvivorPersonId(), r.getMergedPersonId(),
                Timestamps.instant(r.getMergedAt()), trigger(r.getTrigger()),
                r.hasReason() ? reason(r.getReason()) : null, r.getRequestingSystem(), r.getRequestId(),
                r.getMovedIdentifiersList().stream().map(IdentityMapping::masked).toList(), r.getChangeOffset(),
                unmerge);
    }

    /** A change as announced on the feed, without its offset (the feed entry's position). */
    public static io.crowsnest.identity.v1.IdentityChange change(IdentityChange change) {
        io.crowsnest.identity.v1.IdentityChange.Builder proto = io.crowsnest.identity.v1.IdentityChange.newBuilder()
                .setOccurredAt(Timestamps.of(change.occurredAt()));
        if (change instanceof IdentityChange.Merged m) {
            PersonsMerged.Builder merged = PersonsMerged.newBuilder().setMergeId(m.mergeId())
                    .setSurvivorPersonId(m.survivorPersonId()).setMergedPersonId(m.mergedPersonId())
                    .setTrigger(trigger(m.trigger()));
            if (m.reason() != null) {
                merged.setReason(reason(m.reason()));
            }
            proto.setType(IdentityChangeType.IDENTITY_CHANGE_TYPE_MERGED).setMerged(merged);
        } else if (change instanceof IdentityChange.Unmerged u) {
            PersonsUnmerged.Builder unmerged = PersonsUnmerged.newBuilder().setMergeId(u.mergeId())
                    .setSurvivorPersonId(u.survivorPersonId()).setRestoredPersonId(u.restoredPersonId());
            if (u.reason() != null) {
                unmerged.setReason(reason(u.reason()));
            }
            proto.setType(IdentityChangeType.IDENTITY_CHANGE_TYPE_UNMERGED).setUnmerged(unmerged);
        } else if (change instanceof IdentityChange.Forgotten f) {
            proto.setType(IdentityChangeType.IDENTITY_CHANGE_TYPE_FORGOTTEN).setForgotten(PersonForgotten
                    .newBuilder().setPersonId(f.personId()).addAllMergedPersonIds(f.mergedPersonIds()));
        }
        return proto.build();
    }

    public static io.crowsnest.identity.v1.Identity identity(Identity identity) {
        io.crowsnest.identity.v1.Identity.Builder proto = io.crowsnest.identity.v1.Identity.newBuilder()
                .setPersonId(identity.personId()).setKind(kind(identity.kind()))
                .setCreatedAt(Timestamps.of(identity.createdAt())).setUpdatedAt(Timestamps.of(identity.updatedAt()))
                .addAllMergedPersonIds(identity.mergedPersonIds())
                .addAllLineage(identity.lineage().stream().map(IdentityMapping::merge).toList());
        for (Identity.LinkedIdentifier linked : identity.identifiers()) {
            proto.addIdentifiers(LinkedIdentifier.newBuilder().setIdentifier(masked(linked.identifier()))
                    .setCardinality(cardinality(linked.unique())).setFirstSeenAt(Timestamps.of(linked.firstSeenAt()))
                    .setLastSeenAt(Timestamps.of(linked.lastSeenAt()))
                    .setLinkedViaPersonId(linked.linkedViaPersonId()));
        }
        return proto.build();
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

    public static ResolvePersonResponse resolved(Resolution resolution) {
        ResolvePersonResponse.Builder response = ResolvePersonResponse.newBuilder()
                .setPersonId(resolution.personId()).setKind(kind(resolution.kind())).setCreated(resolution.created())
                .setMerged(resolution.merged())
                .addAllMerges(resolution.merges().stream().map(IdentityMapping::merge).toList());
        for (Resolution.ResolvedIdentifier id : resolution.identifiers()) {
            response.addIdentifiers(ResolvedIdentifier.newBuilder().setIdentifier(masked(id.identifier()))
                    .setStatus(switch (id.status()) {
                        case NEW -> IdentifierLinkStatus.IDENTIFIER_LINK_STATUS_NEW;
                        case EXISTING -> IdentifierLinkStatus.IDENTIFIER_LINK_STATUS_EXISTING;
                        case SHARED -> IdentifierLinkStatus.IDENTIFIER_LINK_STATUS_SHARED;
                        case CONFLICT -> IdentifierLinkStatus.IDENTIFIER_LINK_STATUS_CONFLICT;
                    }).addAllOtherPersonIds(id.otherPersonIds()));
        }
        return response.build();
    }

    public static LookupPersonResponse found(IdentityQueries.Holders holders) {
        return LookupPersonResponse.newBuilder().setPersonId(holders.personId()).setKind(kind(holders.kind()))
                .addAllOtherPersonIds(holders.otherPersonIds()).build();
    }

    /** A link's answer; a merge no longer on record is answered as an empty MergeRecord, as it always was. */
    public static LinkPersonsResponse linked(LinkPersonsService.Linked linked) {
        return LinkPersonsResponse.newBuilder().setSurvivorPersonId(linked.survivorPersonId())
                .setAlreadyMerged(linked.alreadyMerged())
                .setMerge(linked.merge() == null ? MergeRecord.getDefaultInstance() : merge(linked.merge())).build();
    }

    public static UnmergePersonsResponse unmerged(UnmergePersonsService.Unmerged unmerged) {
        return UnmergePersonsResponse.newBuilder().setMerge(merge(unmerged.merge()))
                .setRestoredPersonId(unmerged.restoredPersonId())
                .addAllRestoredIdentifiers(unmerged.restoredIdentifiers().stream().map(IdentityMapping::masked)
                        .toList())
                .build();
    }

    public static GetDeliveryAddressesResponse addresses(DeliveryAddressService.Addresses found) {
        GetDeliveryAddressesResponse.Builder response = GetDeliveryAddressesResponse.newBuilder()
                .setPersonId(found.personId());
        found.addresses().forEach(a -> response.addAddresses(DeliveryAddress.newBuilder().setType(a.type())
                .setValue(a.value()).setMaskedValue(a.maskedValue()).setNamespace(a.namespace())
                .setLastSeenAt(Timestamps.of(a.lastSeenAt()))));
        return response.build();
    }
}
