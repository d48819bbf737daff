package io.crowsnest.contactgovernance.mapping;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Value;
import com.google.protobuf.util.JsonFormat;

import io.crowsnest.contactgovernance.domain.ContactPolicy;
import io.crowsnest.contactgovernance.domain.PolicyAuditEntry;
import io.crowsnest.contactgovernance.domain.PolicyRef;
import io.crowsnest.contactgovernance.domain.PolicyVersion;
import io.crowsnest.contactgovernance.service.PolicyContents;
import io.crowsnest.contactgovernance.v1.Policy;
import io.crowsnest.contactgovernance.v1.PolicyAuditAction;
import io.crowsnest.contactgovernance.v1.PolicyFieldChange;
import io.crowsnest.contactgovernance.v1.PolicyVersionState;
import io.crowsnest.platform.grpc.Timestamps;

/**
 * Policy versions and their audit entries between the contract's messages and the domain records,
 * every field both ways (stored versions read and write back unchanged); the policy's content is
 * kept as its proto3 JSON text, read here into the evaluator's rules and (through PolicyFields) the
 * audit's differences.
 */
@ApplicationScoped
public class PolicyMessages implements PolicyContents {

    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().preservingProtoFieldNames()
            .omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser();

    @Override
    public ContactPolicy rules(PolicyVersion.Content content, PolicyRef ref) {
        return ContractMapping.policy(policy(content), ref);
    }

    @Override
    public List<PolicyAuditEntry.Change> changes(PolicyVersion.Content before, PolicyVersion.Content after) {
        return PolicyFields.changes(before == null ? null : policy(before), policy(after));
    }

    public static PolicyVersion.Content content(Policy policy) {
        return new PolicyVersion.Content(policy.getPolicyId(), policy.getDisplayName(), json(policy));
    }

    public static Policy policy(PolicyVersion.Content content) {
        return parse(content.written(), Policy.newBuilder());
    }

    public static PolicyVersion version(io.crowsnest.contactgovernance.v1.PolicyVersion v) {
        return new PolicyVersion(content(v.getPolicy()), v.getVersion(),
                v.getState() == PolicyVersionState.POLICY_VERSION_STATE_UNSPECIFIED ? null
                        : PolicyVersion.State.valueOf(v.getState().name().substring("POLICY_VERSION_STATE_".length())),
                v.getBaseVersion(), v.getAuditList().stream().map(PolicyMessages::entry).toList());
    }

    public static io.crowsnest.contactgovernance.v1.PolicyVersion message(PolicyVersion v) {
        var out = io.crowsnest.contactgovernance.v1.PolicyVersion.newBuilder().setPolicy(policy(v.policy()))
                .setVersion(v.version()).setBaseVersion(v.baseVersion());
        if (v.state() != null) {
            out.setState(PolicyVersionState.valueOf("POLICY_VERSION_STATE_" + v.state().name()));
        }
        v.audit().forEach(e -> out.addAudit(message(e)));
        return out.build();
    }

    public static PolicyAuditEntry entry(io.crowsnest.contactgovernance.v1.PolicyAuditEntry e) {
        return new PolicyAuditEntry(
                e.getAction() == PolicyAuditAction.POLICY_AUDIT_ACTION_UNSPECIFIED ? null
                        : PolicyAuditEntry.Action.valueOf(e.getAction().name().substring("POLICY_AUDIT_ACTION_".length())),
                e.getActor(), e.hasAt() ? Timestamps.instant(e.getAt()) : null, e.getNote(),
                e.getChangesList().stream().map(PolicyMessages::change).toList(),
                e.hasReplaced() ? ContractMapping.ref(e.getReplaced()) : null,
                e.hasReplacedBy() ? ContractMapping.ref(e.getReplacedBy()) : null);
    }

    public static io.crowsnest.contactgovernance.v1.PolicyAuditEntry message(PolicyAuditEntry e) {
        var out = io.crowsnest.contactgovernance.v1.PolicyAuditEntry.newBuilder().setActor(e.actor()).setNote(e.note());
        if (e.action() != null) {
            out.setAction(PolicyAuditAction.valueOf("POLICY_AUDIT_ACTION_" + e.action().name()));
        }
        ContractMapping.timestamp(e.at(), out::setAt);
        e.changes().forEach(c -> out.addChanges(PolicyFieldChange.newBuilder().setPath(c.path())
                .setBefore(PolicyMessages.<Value>parse(c.before(), Value.newBuilder()))
                .setAfter(PolicyMessages.<Value>parse(c.after(), Value.newBuilder()))));
        if (e.replaced() != null) {
            out.setReplaced(ContractMapping.ref(e.replaced()));
        }
        if (e.replacedBy() != null) {
            out.setReplacedBy(ContractMapping.ref(e.replacedBy()));
        }
        return out.build();
    }

    private static PolicyAuditEntry.Change change(PolicyFieldChange c) {
        return new PolicyAuditEntry.Change(c.getPath(), json(c.getBefore()), json(c.getAfter()));
    }

    private static String json(Message message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot render " + message.getDescriptorForType().getFullName(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <M extends Message> M parse(String json, Message.Builder builder) {
        try {
            PARSER.merge(json, builder);
            return (M) builder.build();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("not a " + builder.getDescriptorForType().getFullName() + ": " + json, e);
        }
    }
}
