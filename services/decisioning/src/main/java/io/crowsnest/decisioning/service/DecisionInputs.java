package io.crowsnest.decisioning.service;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.crowsnest.contactgovernance.v1.Verdict;
import io.crowsnest.profile.v1.Profile;
import io.crowsnest.scoring.v1.PersonScores;

/**
 * What a decision knows of the person, read in parallel from profile, scoring and governance; a
 * missing part is empty with the reason it is missing.
 *
 * @param verdicts governance's verdict per "division|category"; a missing key was not reachable
 */
record DecisionInputs(String personId, Optional<Profile> profile, Optional<PersonScores> scores,
        Map<String, Verdict> verdicts, Map<String, String> verdictErrors, List<String> warnings) {
}
