package io.crowsnest.decisioning.mapping;

import static io.crowsnest.decisioning.mapping.ProtoValues.name;
import static io.crowsnest.decisioning.mapping.ProtoValues.ts;

import java.util.List;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.decisioning.domain.ActionSnapshot;
import io.crowsnest.decisioning.domain.Direction;
import io.crowsnest.decisioning.domain.GovernanceView;
import io.crowsnest.decisioning.domain.Outcome;
import io.crowsnest.decisioning.v1.ActionKind;
import io.crowsnest.decisioning.v1.Decision;
import io.crowsnest.decisioning.v1.DecisionContext;
import io.crowsnest.decisioning.v1.GovernanceSummary;
import io.crowsnest.decisioning.v1.InteractionDirection;
import io.crowsnest.decisioning.v1.OutcomeType;
import io.crowsnest.decisioning.v1.RankedAction;
import io.crowsnest.decisioning.v1.Ranking;
import io.crowsnest.decisioning.v1.RankingFactor;
import io.crowsnest.decisioning.v1.RejectedAction;
import io.crowsnest.decisioning.v1.RenderedContent;

/** Decisions and outcomes from the domain to the contract, and the context from the contract. */
public final class DecisionMapping {

    private DecisionMapping() {
    }

    /** The person a request names (a person id, or an identifier the neighbours resolve). */
    public static io.crowsnest.decisioning.domain.PersonRef person(io.crowsnest.common.v1.PersonRef p) {
        return p.hasIdentifier() ? new io.crowsnest.decisioning.domain.PersonRef("",
                new io.crowsnest.decisioning.domain.PersonRef.Identifier(p.getIdentifier().getType(),
                        p.getIdentifier().getValue(), p.getIdentifier().getNamespace()))
                : io.crowsnest.decisioning.domain.PersonRef.id(p.getPersonId());
    }

    public static io.crowsnest.decisioning.domain.DecisionContext context(DecisionContext c) {
        return new io.crowsnest.decisioning.domain.DecisionContext(
                Direction.valueOf(name(c.getDirection(), "INTERACTION_DIRECTION_")), c.getDivision().getId(),
                c.getAgentId(), c.getPlacement(), c.getSessionId(), c.getTimeZone(),
                ProtoValues.java(c.getPropertiesMap()));
    }

    public static DecisionContext context(io.crowsnest.decisioning.domain.DecisionContext c) {
        DecisionContext.Builder b = DecisionContext.newBuilder()
                .setDirection(InteractionDirection.valueOf("INTERACTION_DIRECTION_" + c.direction().name()))
                .setAgentId(c.agentId()).setPlacement(c.placement()).setSessionId(c.sessionId())
                .setTimeZone(c.timeZone());
        if (!c.division().isEmpty()) {
            b.setDivision(DivisionRef.newBuilder().setId(c.division()));
        }
        c.properties().forEach((k, v) -> b.putProperties(k, ProtoValues.proto(v)));
        return b.build();
    }

    public static Decision decision(io.crowsnest.decisioning.domain.Decision d, List<Outcome> outcomes, boolean rejected) {
        Decision.Builder b = Decision.newBuilder().setDecisionId(d.id()).setPersonId(d.personId())
                .setChannel(Channel.valueOf("CHANNEL_" + d.channel())).setContext(context(d.context()))
                .addAllActions(d.actions().stream().map(DecisionMapping::ranked).toList())
                .addAllWarnings(d.warnings().stream().map(ProtoValues::reason).toList())
                .setDecidedAt(ts(d.decidedAt())).setCampaignId(d.campaignId())
                .addAllOutcomes(outcomes.stream().map(DecisionMapping::outcome).toList());
        if (rejected) {
            b.addAllRejected(d.rejected().stream().map(DecisionMapping::rejected).toList());
        }
        return b.build();
    }

    public static RankedAction ranked(io.crowsnest.decisioning.domain.RankedAction r) {
        ActionSnapshot a = r.action();
        RankedAction.Builder b = RankedAction.newBuilder().setRank(r.rank()).setActionId(a.id())
                .setActionVersion(a.version()).setKind(ActionKind.valueOf("ACTION_KIND_" + a.kind().name()))
                .setName(a.name()).setDescription(a.description()).setReason(ProtoValues.reason(r.reason()))
                .setPropensity(r.propensity()).setPriority(a.priority())
                .setDivision(DivisionRef.newBuilder().setId(a.division())).setProductId(a.productId())
                .setRanking(ranking(r.ranking())).setGovernanceCapped(r.capped());
        r.ranking().factors().forEach(f -> b.addFactors(io.crowsnest.common.v1.Reason.newBuilder()
                .setCode(f.name()).setMessage(f.source()).putAllFigures(f.figures())
                .putFigures("value", Double.toString(f.value()))));
        if (r.value() != null) {
            b.setValue(ProtoValues.money(r.value()));
        }
        if (r.expectedValue() != null) {
            b.setExpectedValue(ProtoValues.money(r.expectedValue()));
        }
        if (!a.category().isEmpty()) {
            b.setContactCategory(ContactCategory.valueOf("CONTACT_CATEGORY_" + a.category()));
        }
        if (r.governance() != null) {
            b.setGovernance(governance(r.governance()));
        }
        if (r.content() != null) {
            b.setContent(RenderedContent.newBuilder().setChannel(Channel.valueOf("CHANNEL_" + r.content().channel()))
                    .setLanguage(r.content().language()).setSubject(r.content().subject())
                    .setBody(r.content().body()).setContentType(r.content().contentType()));
        }
        if (a.question() != null) {
            b.setQuestion(ActionMapping.question(a.question()));
        }
        return b.build();
    }

    public static RejectedAction rejected(io.crowsnest.decisioning.domain.RejectedAction r) {
        RejectedAction.Builder b = RejectedAction.newBuilder().setActionId(r.action().id())
                .setActionVersion(r.action().version())
                .setKind(ActionKind.valueOf("ACTION_KIND_" + r.action().kind().name())).setName(r.action().name())
                .addAllReasons(r.reasons().stream().map(ProtoValues::reason).toList()).setPropensity(r.propensity());
        if (r.governance() != null) {
            b.setGovernance(governance(r.governance()));
        }
        return b.build();
    }

    public static io.crowsnest.decisioning.v1.Outcome outcome(Outcome o) {
        io.crowsnest.decisioning.v1.Outcome.Builder b = io.crowsnest.decisioning.v1.Outcome.newBuilder()
                .setOutcomeId(o.id()).setDecisionId(o.decisionId()).setActionId(o.actionId())
                .setActionVersion(o.actionVersion()).setType(OutcomeType.valueOf("OUTCOME_TYPE_" + o.type().name()))
                .setOccurredAt(ts(o.occurredAt())).setRecordedAt(ts(o.recordedAt()))
                .setChannel(Channel.valueOf("CHANNEL_" + o.channel())).setAgentId(o.agentId());
        if (o.conversionValue() != null) {
            b.setConversionValue(ProtoValues.money(o.conversionValue()));
        }
        if (o.reason() != null) {
            b.setReason(ProtoValues.reason(o.reason()));
        }
        return b.build();
    }

    private static Ranking ranking(io.crowsnest.decisioning.domain.Ranking r) {
        return Ranking.newBuilder().setPriority(r.priority()).setScore(r.score()).setExploration(r.exploration())
                .addAllFactors(r.factors().stream().map(f -> RankingFactor.newBuilder().setName(f.name())
                        .setValue(f.value()).setSource(f.source()).putAllFigures(f.figures()).build()).toList())
                .build();
    }

    private static GovernanceSummary governance(GovernanceView g) {
        GovernanceSummary.Builder b = GovernanceSummary.newBuilder().setAllowed(g.allowed())
                .addAllBlockingReasons(g.blocking().stream().map(ProtoValues::reason).toList())
                .addAllNotes(g.notes().stream().map(ProtoValues::reason).toList()).setPolicyVersion(g.policyVersion());
        if (g.nextAllowedAt() != null) {
            b.setNextAllowedAt(ts(g.nextAllowedAt()));
        }
        if (g.checkedAt() != null) {
            b.setCheckedAt(ts(g.checkedAt()));
        }
        return b.build();
    }
}
