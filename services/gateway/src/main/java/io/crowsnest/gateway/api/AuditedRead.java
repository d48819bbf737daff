package io.crowsnest.gateway.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a route that reads a customer's data (its path has {personId}): AccessAuditFilter records
 * every call of it in the access audit — who, when, which customer, which route, from where.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AuditedRead {
}
