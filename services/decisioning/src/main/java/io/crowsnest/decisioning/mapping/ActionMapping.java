package io.crowsnest.decisioning.mapping;

import static io.crowsnest.decisioning.mapping.ProtoValues.name;
import static io.crowsnest.decisioning.mapping.ProtoValues.ts;

import java.util.List;

import io.crowsnest.common.v1.Channel;
import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.RollingWindow;
import io.crowsnest.common.v1.TimeRange;
import io.crowsnest.common.v1.WindowUnit;
import io.crowsnest.decisioning.domain.ActionChange;
import io.crowsnest.decisioning.domain.ActionKind;
import io.crowsnest.decisioning.domain.ActionRules;
import io.crowsnest.decisioning.domain.MessageTemplate;
import io.crowsnest.decisioning.domain.Question;
import io.crowsnest.decisioning.domain.Window;
import io.crowsnest.decisioning.v1.Action;
import io.crowsnest.decisioning.v1.ActionChangeKind;
import io.crowsnest.decisioning.v1.ActionSpec;
import io.crowsnest.decisioning.v1.ActionStatus;
import io.crowsnest.decisioning.v1.AnswerChoice;
import io.crowsnest.decisioning.v1.AnswerType;
import io.crowsnest.decisioning.v1.QuestionSpec;

/** Actions between the contract and the domain. */
public final class ActionMapping {

    private ActionMapping() {
    }

    /** The spec as written, before the checks: a kind left unset is null, other enums keep their names. */
    public static io.crowsnest.decisioning.domain.ActionSpec spec(ActionSpec s) {
        Question question = s.hasQuestion() ? question(s.getQuestion()) : null;
        Window cooldown = s.hasDeclineCooldown() ? new Window(s.getDeclineCooldown().getLength(),
                name(s.getDeclineCooldown().getUnit(), "WINDOW_UNIT_")) : null;
        String kind = name(s.getKind(), "ACTION_KIND_");
        return new io.crowsnest.decisioning.domain.ActionSpec(ActionRules.unset(kind) ? null : ActionKind.valueOf(kind),
                s.getName(), s.getDescription(), s.getEligibilityExpression(), s.getPropensityExpression(),
                s.getPriority(), s.hasValue() ? ProtoValues.money(s.getValue()) : null,
                s.getChannelsList().stream().map(c -> name(c, "CHANNEL_")).toList(), s.getDivision().getId(),
                s.getValidity().hasStart() ? ProtoValues.instant(s.getValidity().getStart()) : null,
                s.getValidity().hasEnd() ? ProtoValues.instant(s.getValidity().getEnd()) : null,
                s.getContactCategory() == ContactCategory.CONTACT_CATEGORY_UNSPECIFIED ? ""
                        : name(s.getContactCategory(), "CONTACT_CATEGORY_"),
                s.getTemplatesList().stream().map(t -> new MessageTemplate(name(t.getChannel(), "CHANNEL_"),
                        t.getLanguage(), t.getSubject(), t.getBody(), t.getContentType())).toList(),
                question, s.getProductId(), s.getReasonCode(), s.getReasonTemplate(), cooldown, s.getValueExpression(),
                s.hasLever() ? s.getLever() : null, s.getContextWeightExpression());
    }

    public static Question question(QuestionSpec q) {
        return new Question(q.getQuestionId(), name(q.getAnswerType(), "ANSWER_TYPE_"), q.getChoicesList().stream()
                .map(c -> new Question.Choice(c.getChoiceId(), c.getLabel())).toList());
    }

    public static QuestionSpec question(Question q) {
        return QuestionSpec.newBuilder().setQuestionId(q.questionId())
                .setAnswerType(AnswerType.valueOf("ANSWER_TYPE_" + q.answerType()))
                .addAllChoices(q.choices().stream().map(c -> AnswerChoice.newBuilder().setChoiceId(c.id())
                        .setLabel(c.label()).build()).toList()).build();
    }

    public static ActionSpec spec(io.crowsnest.decisioning.domain.ActionSpec s) {
        ActionSpec.Builder b = ActionSpec.newBuilder()
                .setKind(io.crowsnest.decisioning.v1.ActionKind.valueOf("ACTION_KIND_" + s.kind().name()))
                .setName(s.name()).setDescription(s.description()).setEligibilityExpression(s.eligibility())
                .setPropensityExpression(s.propensity()).setPriority(s.priority())
                .addAllChannels(s.channels().stream().map(c -> Channel.valueOf("CHANNEL_" + c)).toList())
                .setDivision(DivisionRef.newBuilder().setId(s.division())).setProductId(s.productId())
                .setReasonCode(s.reasonCode()).setReasonTemplate(s.reasonTemplate())
                .setValueExpression(s.valueExpression()).setContextWeightExpression(s.contextWeight());
        if (s.value() != null) {
            b.setValue(ProtoValues.money(s.value()));
        }
        if (s.validFrom() != null || s.validUntil() != null) {
            TimeRange.Builder r = TimeRange.newBuilder();
            if (s.validFrom() != null) {
                r.setStart(ts(s.validFrom()));
            }
            if (s.validUntil() != null) {
                r.setEnd(ts(s.validUntil()));
            }
            b.setValidity(r);
        }
        if (!s.category().isEmpty()) {
            b.setContactCategory(ContactCategory.valueOf("CONTACT_CATEGORY_" + s.category()));
        }
        s.templates().forEach(t -> b.addTemplates(io.crowsnest.decisioning.v1.MessageTemplate.newBuilder()
                .setChannel(Channel.valueOf("CHANNEL_" + t.channel())).setLanguage(t.language())
                .setSubject(t.subject()).setBody(t.body()).setContentType(t.contentType())));
        if (s.question() != null) {
            b.setQuestion(question(s.question()));
        }
        if (s.cooldown() != null) {
            b.setDeclineCooldown(RollingWindow.newBuilder().setLength(s.cooldown().length())
                    .setUnit(WindowUnit.valueOf("WINDOW_UNIT_" + s.cooldown().unit())));
        }
        if (s.lever() != null) {
            b.setLever(s.lever());
        }
        return b.build();
    }

    public static Action action(io.crowsnest.decisioning.domain.Action a) {
        Action.Builder b = Action.newBuilder().setActionId(a.id()).setVersion(a.version()).setSpec(spec(a.spec()))
                .setStatus(a.retired() ? ActionStatus.ACTION_STATUS_RETIRED : ActionStatus.ACTION_STATUS_ACTIVE)
                .setCreatedAt(ts(a.createdAt())).setCreatedBy(a.createdBy()).setChangeNote(a.changeNote());
        if (a.retired()) {
            b.setRetiredAt(ts(a.retirement().at())).setRetiredBy(a.retirement().by())
                    .setRetireReason(io.crowsnest.common.v1.Reason.newBuilder().setCode(a.retirement().code())
                            .setMessage(a.retirement().message()));
        }
        return b.build();
    }

    public static List<Action> actions(List<io.crowsnest.decisioning.domain.Action> actions) {
        return actions.stream().map(ActionMapping::action).toList();
    }

    public static io.crowsnest.decisioning.v1.ActionChange change(ActionChange c) {
        io.crowsnest.decisioning.v1.ActionChange.Builder b = io.crowsnest.decisioning.v1.ActionChange.newBuilder()
                .setActionId(c.actionId()).setKind(ActionChangeKind.valueOf("ACTION_CHANGE_KIND_" + c.kind()))
                .setVersion(c.version()).setActor(c.actor()).setChangedAt(ts(c.at())).setNote(c.note())
                .setAfter(action(c.after()));
        if (c.before() != null) {
            b.setBefore(action(c.before()));
        }
        return b.build();
    }
}
