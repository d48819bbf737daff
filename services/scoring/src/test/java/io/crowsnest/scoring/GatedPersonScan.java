package io.crowsnest.scoring;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import io.crowsnest.scoring.store.PersonScan;

/**
 * The real SCAN of the persons Redis holds, held at a gate before it starts until the test opens it
 * (enabled only by {@link PopulationWalkTest.HeldWalk}), so that a test can act while a walk of the
 * population is under way. A gate never opened lets the walk go after a minute.
 */
@Alternative
@ApplicationScoped
public class GatedPersonScan extends PersonScan {

    static final CountDownLatch ENTERED = new CountDownLatch(1);
    static final CountDownLatch OPEN = new CountDownLatch(1);

    @Override
    public void forEach(Consumer<String> action) {
        ENTERED.countDown();
        try {
            OPEN.await(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted at the gate", e);
        }
        super.forEach(action);
    }
}
