package io.crowsnest.profile.service;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crowsnest.profile.forwarding.ScoringForwarder;
import io.crowsnest.profile.config.ProfileConfig;
import io.crowsnest.profile.domain.AttributePaths;
import io.crowsnest.profile.domain.Change;
import io.crowsnest.profile.domain.Fact;
import io.crowsnest.profile.domain.Facts;
import io.crowsnest.profile.domain.Merges;
import io.crowsnest.profile.store.HistoryStore;
import io.crowsnest.profile.store.LineageStore;
import io.crowsnest.profile.store.OutboxStore;
import io.crowsnest.profile.store.Person;
import io.crowsnest.profile.store.PersonStore;

/**
 * Merges and unmerges from identity's change stream. Data never moves: every fact, event, answer
 * and history entry stays under the person id it was recorded for, and a merge makes the merged
 * person (with everything merged into it before) a member of the survivor's root, whose profile
 * then shows the newest value per attribute. An unmerge takes exactly those members back, so what
 * was recorded for the survivor, before or after the merge, stays with it. The attribute history
 * records which values changed hands and which lost. Each step is idempotent and the history
 * entries' ids derive from the merge id, so a change applied twice, or by two replicas, changes
 * nothing more; the history is written before lineage changes, so a crash in between repeats it.
 * Each root whose profile changes is noted in its outbox entry before the lineage changes, so that
 * scoring receives its attributes as they are afterwards.
 */
@ApplicationScoped
public class MergeService {

    private static final Logger LOG = Logger.getLogger(MergeService.class);
    static final String SOURCE = "identity-merge";

    @Inject
    PersonStore persons;
    @Inject
    LineageStore lineage;
    @Inject
    HistoryStore history;
    @Inject
    OutboxStore outbox;
    @Inject
    ScoringForwarder forwarder;
    @Inject
    ProfileConfig config;
    @Inject
    Clock clock;

    /** MERGED: the merged person's data now shows in the survivor's profile. */
    public void merged(String mergeId, String survivorId, String mergedId, Instant at) {
        lineage.ensure(survivorId);
        lineage.ensure(mergedId);
        Person merged = persons.find(mergedId).orElseThrow();
        Optional<Person> root = persons.find(persons.find(survivorId).orElseThrow().root());
        if (merged.forgotten() || root.isEmpty() || root.get().forgotten() || merged.unmerged().contains(mergeId)) {
            LOG.infof("merge %s settled without effect: a person was erased or the merge already reversed", mergeId);
            return;
        }
        List<String> brought = merged.members().isEmpty() ? List.of(mergedId) : merged.members();
        List<String> kept = new ArrayList<>(root.get().members());
        kept.removeAll(brought);
        record(Merges.merge(facts(kept), facts(brought)), "MERGE", mergeId, survivorId, at);
        long sequence = outbox.attributesChanging(root.get().id(), clock.instant(), config.outbox().lease());
        lineage.addMembers(root.get().id(), brought, at);
        lineage.setRoot(brought, root.get().id());
        lineage.markMerged(mergedId, survivorId, mergeId);
        forwarder.handOffAttributes(root.get().id(), sequence);
    }

    /** UNMERGED: the restored person's data, and that of persons merged into it, leaves the survivor's profile. */
    public void unmerged(String mergeId, String survivorId, String restoredId, Instant at) {
        Optional<Person> restored = persons.find(restoredId);
        if (restored.isEmpty() || !mergeId.equals(restored.get().mergeId())) {
            LOG.infof("unmerge %s settled without effect: profile holds no merge by that id", mergeId);
            return;
        }
        String root = restored.get().root();
        List<String> leaving = subtree(restoredId);
        List<String> before = persons.find(root).map(Person::members).orElse(List.of(root));
        List<String> after = new ArrayList<>(before);
        after.removeAll(leaving);
        record(Merges.split(facts(before), facts(after)), "UNMERGE", mergeId, survivorId, at);
        long rootSequence = outbox.attributesChanging(root, clock.instant(), config.outbox().lease());
        long restoredSequence = outbox.attributesChanging(restoredId, clock.instant(), config.outbox().lease());
        lineage.removeMembers(root, leaving, at);
        lineage.setRoot(leaving, restoredId);
        lineage.restore(restoredId, leaving, mergeId);
        forwarder.handOffAttributes(root, rootSequence);
        forwarder.handOffAttributes(restoredId, restoredSequence);
    }

    /** The person and every id merged into it, directly or not, itself first. */
    List<String> subtree(String personId) {
        Set<String> all = new LinkedHashSet<>(List.of(personId));
        List<String> frontier = List.of(personId);
        while (!frontier.isEmpty()) {
            frontier = lineage.mergedInto(frontier).stream().filter(all::add).toList();
        }
        return List.copyOf(all);
    }

    /** The current facts of persons taken together, keyed by history path. */
    private Map<String, Fact> facts(List<String> ids) {
        List<Person> records = persons.findAll(ids);
        Map<String, Fact> facts = new TreeMap<>(Facts.current(records.stream().map(Person::attributes).toList()));
        Facts.current(records.stream().map(Person::products).toList())
                .forEach((id, fact) -> facts.put(AttributePaths.PRODUCTS + id, fact));
        Facts.current(records.stream().map(Person::relationships).toList())
                .forEach((id, fact) -> facts.put(AttributePaths.RELATIONSHIPS + id, fact));
        return facts;
    }

    /** History entries under the survivor, recorded at the change's instant so that every replica writes the same. */
    private void record(List<Change> changes, String cause, String mergeId, String survivorId, Instant at) {
        List<HistoryStore.Entry> entries = new ArrayList<>();
        for (Change c : changes) {
            entries.add(new HistoryStore.Entry(Fingerprint.id(mergeId, cause + ":" + c.key()), survivorId, c.key(),
                    c.before() == null ? null : c.before().value(), c.supplied() == null ? null : c.supplied().value(),
                    c.applied(), c.supplied() == null ? at : c.supplied().observedAt(), at, SOURCE, "", cause, mergeId));
        }
        history.insertAll(entries);
    }
}
