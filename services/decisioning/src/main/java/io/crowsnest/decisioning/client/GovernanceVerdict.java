package io.crowsnest.decisioning.client;

import io.crowsnest.decisioning.domain.GovernanceView;

/** Contact-governance's verdict on one contact: the person it resolved the contact to, and the verdict. */
public record GovernanceVerdict(String personId, GovernanceView view) {
}
