package io.crowsnest.scoring.domain;

/** An identifier a person is known by (an e-mail address, a customer number...), which identity resolves. */
public record PersonIdentifier(String type, String value, String namespace) {
}
