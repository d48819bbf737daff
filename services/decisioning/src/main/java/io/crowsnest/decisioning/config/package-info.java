/** Typed configuration ({@code @ConfigMapping} interfaces) of the service. */
package io.crowsnest.decisioning.config;
