package io.crowsnest.alertnotification.mapping;

import java.util.EnumSet;
import java.util.Set;

import io.crowsnest.alertnotification.domain.AlertDraft;
import io.crowsnest.alertnotification.domain.AlertKind;
import io.crowsnest.alertnotification.domain.AlertState;
import io.crowsnest.alertnotification.domain.InboxQuery;
import io.crowsnest.alertnotification.domain.Link;
import io.crowsnest.alertnotification.domain.PersonLookup;
import io.crowsnest.alertnotification.domain.Reason;
import io.crowsnest.alertnotification.domain.Recipient;
import io.crowsnest.alertnotification.v1.AlertRecipient;
import io.crowsnest.alertnotification.v1.ListInboxRequest;
import io.crowsnest.alertnotification.v1.PublishAlertRequest;
import io.crowsnest.common.v1.PersonRef;
import io.crowsnest.platform.grpc.Timestamps;

/** Requests mapped to domain inputs (a recipient, kind, severity or reason not given is null in a draft). */
public final class AlertRequests {

    private AlertRequests() {
    }

    public static AlertDraft draft(PublishAlertRequest r) {
        return new AlertDraft(recipient(r.getRecipient()), r.hasPerson() ? person(r.getPerson()) : null,
                AlertMessages.kind(r.getKind()), AlertMessages.severity(r.getSeverity()), r.getTitle(), r.getBody(),
                r.hasReason() ? new Reason(r.getReason().getCode(), r.getReason().getMessage()) : null,
                r.getLinksList().stream().map(l -> new Link(l.getLabel(), l.getUrl())).toList(),
                r.hasExpiresAt() ? Timestamps.instant(r.getExpiresAt()) : null,
                r.hasDivision() ? r.getDivision().getId() : "", r.getCampaignId(), r.getSource(),
                r.hasBriefing() ? BriefingMessages.toDomain(r.getBriefing()) : null);
    }

    public static PersonLookup person(PersonRef ref) {
        if (ref.hasIdentifier()) {
            return new PersonLookup("", ref.getIdentifier().getType(), ref.getIdentifier().getValue(),
                    ref.getIdentifier().getNamespace());
        }
        return PersonLookup.byId(ref.getPersonId());
    }

    public static Recipient recipient(AlertRecipient r) {
        return switch (r.getTargetCase()) {
            case AGENT_ID -> new Recipient.Agent(r.getAgentId());
            case TEAM_ID -> new Recipient.Team(r.getTeamId());
            case ACCOUNT_MANAGER -> new Recipient.AccountManager(r.getAccountManager().getFallbackTeamId());
            default -> null;
        };
    }

    public static InboxQuery query(ListInboxRequest r) {
        Set<AlertState> states = EnumSet.noneOf(AlertState.class);
        r.getStatesList().forEach(s -> states.add(AlertMessages.state(s)));
        Set<AlertKind> kinds = EnumSet.noneOf(AlertKind.class);
        r.getKindsList().forEach(k -> kinds.add(AlertMessages.kind(k)));
        return new InboxQuery(InboxQuery.inboxes(r.getAgentId(), r.getTeamIdsList()), states, kinds,
                r.getPersonId(), r.getIncludeExpired());
    }
}
