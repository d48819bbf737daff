package io.crowsnest.decisioning.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.crowsnest.decisioning.client.GovernanceVerdict;
import io.crowsnest.decisioning.client.PersonProfile;
import io.crowsnest.decisioning.client.PersonScores;

/**
 * What a decision knows of the person, read in parallel from profile, scoring and governance; a
 * missing part is empty with the reason it is missing.
 *
 * @param verdicts governance's verdict per "division|category"; a missing key was not reachable
 */
record DecisionInputs(String personId, Optional<PersonProfile> profile, Optional<PersonScores> scores,
        Map<String, GovernanceVerdict> verdicts, Map<String, String> verdictErrors, List<String> warnings) {
}
