package io.crowsnest.contactgovernance.api;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crowsnest.common.v1.DivisionRef;
import io.crowsnest.common.v1.TimeRange;
import io.crowsnest.contactgovernance.domain.ContactPressure;
import io.crowsnest.contactgovernance.mapping.ContractMapping;
import io.crowsnest.contactgovernance.service.ContactPressureService;
import io.crowsnest.contactgovernance.v1.GetContactPressureRequest;
import io.crowsnest.contactgovernance.v1.GetContactPressureResponse;
import io.crowsnest.platform.grpc.RequestChecks;
import io.crowsnest.platform.grpc.Timestamps;

/** GetContactPressure: the window and filter checks, then the ledger's counts by division and channel. */
@ApplicationScoped
public class PressureAdapter {

    @Inject
    ContactPressureService service;

    GetContactPressureResponse get(GetContactPressureRequest request) {
        RequestChecks v = new RequestChecks();
        TimeRange window = request.getWindow();
        Instant from = window.hasStart() ? v.timestamp(window.getStart(), "window.start") : null;
        Instant until = window.hasEnd() ? v.timestamp(window.getEnd(), "window.end") : null;
        if (!window.hasStart()) {
            v.add("window.start", "is required");
        }
        if (!window.hasEnd()) {
            v.add("window.end", "is required");
        }
        if (from != null && until != null) {
            String problem = ContactPressure.windowProblem(from, until);
            if (problem != null) {
                v.add("window.end", problem);
            }
        }
        ContactChecks.channelFilter(request.getChannelsList(), request.getChannelsValueList(), "channels", v);
        ContactChecks.divisionFilter(request.getDivisionsList(), "divisions", v);
        v.throwIfAny();
        ContactPressure pressure = service.count(new ContactPressure.Query(from, until,
                request.getDivisionsList().stream().map(DivisionRef::getId).toList(),
                request.getChannelsList().stream().map(ContractMapping::channel).toList()));
        GetContactPressureResponse.Builder out = GetContactPressureResponse.newBuilder()
                .setWindow(TimeRange.newBuilder().setStart(Timestamps.of(pressure.from()))
                        .setEnd(Timestamps.of(pressure.until())))
                .setTotalContacts(pressure.totalContacts()).setTotalPersons(pressure.totalPersons())
                .setReadAt(Timestamps.of(pressure.readAt()));
        for (ContactPressure.Row row : pressure.rows()) {
            out.addPressure(io.crowsnest.contactgovernance.v1.ContactPressure.newBuilder()
                    .setDivision(DivisionRef.newBuilder().setId(row.divisionId()))
                    .setChannel(ContractMapping.channel(row.channel())).setContacts(row.contacts())
                    .setPersons(row.persons()));
        }
        return out.build();
    }
}
