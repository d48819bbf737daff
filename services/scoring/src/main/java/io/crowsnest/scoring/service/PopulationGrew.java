package io.crowsnest.scoring.service;

/**
 * Fired by GetPopulationView when the persons scoring holds are no longer those its population
 * snapshot walked (persons were added or erased since), so that the snapshot job walks again soon
 * rather than at its next scheduled pass; the call itself answers from the snapshot it has.
 *
 * @param registered persons the registry counts now
 * @param walked     persons the registry counted when the snapshot's walk began
 */
public record PopulationGrew(long registered, long walked) {
}
