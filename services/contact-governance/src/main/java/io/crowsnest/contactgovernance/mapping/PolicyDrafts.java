package io.crowsnest.contactgovernance.mapping;

import java.time.DayOfWeek;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Function;

import io.crowsnest.common.v1.ContactCategory;
import io.crowsnest.common.v1.RollingWindow;
import io.crowsnest.contactgovernance.domain.CapScope;
import io.crowsnest.contactgovernance.domain.Category;
import io.crowsnest.contactgovernance.domain.Channel;
import io.crowsnest.contactgovernance.domain.Choice;
import io.crowsnest.contactgovernance.domain.PolicyDraft;
import io.crowsnest.contactgovernance.v1.Policy;

/**
 * A {@link Policy} message read as the domain's {@link PolicyDraft}: every field as given, an enum
 * value unspecified or unknown to this version kept as such (a {@link Choice}), so that the
 * domain's PolicyRules can name each problem and PolicyReading derive the rules of a valid one.
 */
public final class PolicyDrafts {

    private PolicyDrafts() {
    }

    /** The policy as written, every field as given. */
    public static PolicyDraft draft(Policy p) {
        return new PolicyDraft(p.getPolicyId(), p.getDisplayName(), p.getDescription(), p.getDefaultTimeZone(),
                p.getDivisionsList().stream().map(d -> new PolicyDraft.Division(d.getDivisionId(),
                        d.getDisplayName(), d.getPriority(), d.getCapSharesList().stream()
                                .map(s -> new PolicyDraft.CapShare(s.getRuleId(), s.getMaxContacts())).toList()))
                        .toList(),
                p.getFrequencyCapsList().stream().map(c -> new PolicyDraft.FrequencyCap(c.getRuleId(),
                        c.getDescription(), choice(c.getScope(), c.getScopeValue(),
                                s -> CapScope.valueOf(s.name().substring("CAP_SCOPE_".length()))),
                        channel(c.getChannel(), c.getChannelValue()),
                        c.hasDivision() ? c.getDivision().getId() : "", c.getCampaignId(), c.getMaxContacts(),
                        c.hasWindow() ? window(c.getWindow()) : null,
                        categories(c.getCategoriesList(), c.getCategoriesValueList()))).toList(),
                p.getMinimumGapsList().stream().map(g -> new PolicyDraft.MinimumGap(g.getRuleId(),
                        g.getDescription(), channel(g.getChannel(), g.getChannelValue()), g.getMinGapSeconds()))
                        .toList(),
                p.getQuietHoursList().stream().map(q -> new PolicyDraft.QuietHours(q.getRuleId(), q.getDescription(),
                        channel(q.getChannel(), q.getChannelValue()), q.getStartLocalTime(), q.getEndLocalTime(),
                        java.util.stream.IntStream.range(0, q.getDaysCount())
                                .mapToObj(i -> choice(q.getDays(i), q.getDaysValue(i), d -> DayOfWeek.of(d.getNumber())))
                                .toList(),
                        categories(q.getCategoriesList(), q.getCategoriesValueList()))).toList(),
                p.hasConsent() ? new PolicyDraft.ConsentRules(
                        p.getConsent().getOptInRequiredList().stream().map(o -> new PolicyDraft.OptIn(
                                channel(o.getChannel(), o.getChannelValue()),
                                choice(o.getPurpose(), o.getPurposeValue(), ContractMapping::purpose))).toList(),
                        categories(p.getConsent().getDoNotContactCategoriesList(),
                                p.getConsent().getDoNotContactCategoriesValueList()),
                        categories(p.getConsent().getConsentExemptCategoriesList(),
                                p.getConsent().getConsentExemptCategoriesValueList()))
                        : null,
                p.hasFatigue() ? new PolicyDraft.FatigueRules(
                        p.getFatigue().hasWindow() ? window(p.getFatigue().getWindow()) : null,
                        p.getFatigue().getResponseGraceSeconds(), p.getFatigue().getHalfLifeSeconds(),
                        categories(p.getFatigue().getCategoriesList(), p.getFatigue().getCategoriesValueList()),
                        p.getFatigue().getThresholdsList().stream().map(t -> new PolicyDraft.Threshold(t.getLevelId(),
                                t.getMinScore(), t.getCapReductionPercent(), List.copyOf(t.getRuleIdsList())))
                                .toList())
                        : null);
    }

    private static PolicyDraft.Window window(RollingWindow w) {
        return new PolicyDraft.Window(w.getLength(), choice(w.getUnit(), w.getUnitValue(),
                u -> ChronoUnit.valueOf(u.name().substring("WINDOW_UNIT_".length()))));
    }

    private static Choice<Channel> channel(io.crowsnest.common.v1.Channel channel, int number) {
        return choice(channel, number, ContractMapping::channel);
    }

    private static List<Choice<Category>> categories(List<ContactCategory> list, List<Integer> numbers) {
        return java.util.stream.IntStream.range(0, list.size())
                .mapToObj(i -> choice(list.get(i), numbers.get(i), ContractMapping::category)).toList();
    }

    /** A proto enum as a choice: unspecified (0), unknown to this version (UNRECOGNIZED) or known. */
    private static <P extends Enum<P>, E extends Enum<E>> Choice<E> choice(P value, int number, Function<P, E> known) {
        if (number == 0 || value.name().equals("UNRECOGNIZED")) {
            return new Choice<>(null, number, value.name());
        }
        return new Choice<>(known.apply(value), number, value.name());
    }
}
