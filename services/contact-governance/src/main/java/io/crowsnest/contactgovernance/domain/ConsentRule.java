package io.crowsnest.contactgovernance.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.crowsnest.contactgovernance.domain.Verdict.Violation;

/**
 * Consent at evaluation: do-not-contact blocks marketing and the policy's do-not-contact
 * categories; otherwise, unless the category is exempt, an opt-out of the channel and purpose
 * blocks, and so does a missing opt-in where the policy requires one.
 */
final class ConsentRule {

    private ConsentRule() {
    }

    static void check(GovernanceRules.Inputs in, ContactIntent intent, List<Violation> out) {
        ContactPolicy.ConsentRules rules = in.policy().consent();
        ConsentState consents = in.consents();
        Category category = intent.category();
        if (consents.doNotContactActive()
                && (category == Category.MARKETING || rules.doNotContactCategories().contains(category))) {
            ConsentState.DoNotContact dnc = consents.doNotContact();
            Map<String, String> figures = new LinkedHashMap<>();
            figures.put("since", String.valueOf(dnc.observedAt()));
            figures.put("source", dnc.source());
            figures.put("category", category.name());
            out.add(new Violation("do-not-contact", RuleKind.DO_NOT_CONTACT, "DO_NOT_CONTACT",
                    "do-not-contact set since " + dnc.observedAt() + " (source " + dnc.source() + "); blocks "
                            + category.name().toLowerCase() + " contacts until the customer lifts it",
                    Map.copyOf(figures), null));
        }
        if (rules.consentExemptCategories().contains(category)) {
            return;
        }
        Purpose purpose = category.purpose();
        ConsentState.Status status = consents.statusOf(intent.channel(), purpose);
        String pair = intent.channel().words() + " " + purpose.name().toLowerCase();
        if (status == ConsentState.Status.OPTED_OUT) {
            ConsentState.Decision decision = consents.decisions()
                    .get(new ContactPolicy.ChannelPurpose(intent.channel(), purpose));
            Map<String, String> figures = new LinkedHashMap<>();
            figures.put("channel", intent.channel().name());
            figures.put("purpose", purpose.name());
            figures.put("opted_out_at", decision.observedAt().toString());
            figures.put("source", decision.source());
            out.add(new Violation("consent", RuleKind.OPT_OUT, "OPTED_OUT", "the customer opted out of " + pair
                    + " on " + decision.observedAt() + " (source " + decision.source() + ")", Map.copyOf(figures),
                    null));
        } else if (status == ConsentState.Status.NONE
                && rules.optInRequired().contains(new ContactPolicy.ChannelPurpose(intent.channel(), purpose))) {
            out.add(new Violation("consent", RuleKind.OPT_IN_REQUIRED, "OPT_IN_MISSING", "no opt-in recorded for "
                    + pair + "; the policy requires one before any " + pair + " contact",
                    Map.of("channel", intent.channel().name(), "purpose", purpose.name()), null));
        }
    }
}
